import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";

describe("secure defaults", () => {
  it("listens on 127.0.0.1 unless HOST says otherwise", () => {
    expect(loadConfig({}).host).toBe("127.0.0.1");
    expect(loadConfig({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
  });

  it("lets no origin call cross-origin in production and any outside it, unless CORS_ORIGINS says", () => {
    expect(loadConfig({ NODE_ENV: "production" }).corsOrigins).toEqual([]);
    expect(loadConfig({}).corsOrigins).toBe("*");
    expect(loadConfig({ NODE_ENV: "production", CORS_ORIGINS: "*" }).corsOrigins).toBe("*");
    expect(loadConfig({ CORS_ORIGINS: "none" }).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: " https://news.example.com , http://localhost:3000" }).corsOrigins).toEqual([
      "https://news.example.com",
      "http://localhost:3000",
    ]);
  });

  it("limits no rate and trusts no proxy unless told", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ rateLimitPerMinute: 0, trustProxyHops: 0, redisKeyPrefix: "newsgraph:" });
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: "120", TRUST_PROXY: "true" })).toMatchObject({ rateLimitPerMinute: 120, trustProxyHops: 1 });
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxyHops).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "off" }).trustProxyHops).toBe(0);
  });
});

describe("bad values stop the start with one line", () => {
  it.each([
    ["CORS_ORIGINS", "https://news.example.com/app", 'CORS_ORIGINS must be *, none or comma-separated origins like https://news.example.com (no path), got "https://news.example.com/app"'],
    ["CORS_ORIGINS", "news.example.com", 'CORS_ORIGINS must be *, none or comma-separated origins like https://news.example.com (no path), got "news.example.com"'],
    ["CORS_ORIGINS", "ftp://files.example.com", 'CORS_ORIGINS must be *, none or comma-separated origins like https://news.example.com (no path), got "ftp://files.example.com"'],
    ["CORS_ORIGINS", "https://a.example.com,,https://b.example.com", 'CORS_ORIGINS must be *, none or comma-separated origins like https://news.example.com (no path), got ""'],
    ["RATE_LIMIT_PER_MINUTE", "lots", 'RATE_LIMIT_PER_MINUTE must be a whole number from 0 to 1000000, got "lots"'],
    ["RATE_LIMIT_PER_MINUTE", "-5", 'RATE_LIMIT_PER_MINUTE must be a whole number from 0 to 1000000, got "-5"'],
    ["RATE_LIMIT_PER_MINUTE", "2.5", 'RATE_LIMIT_PER_MINUTE must be a whole number from 0 to 1000000, got "2.5"'],
    ["TRUST_PROXY", "nginx", 'TRUST_PROXY must be true, false or the number of proxies in front (0 to 10), got "nginx"'],
    ["TRUST_PROXY", "11", 'TRUST_PROXY must be a whole number from 0 to 10, got "11"'],
    ["REDIS_KEY_PREFIX", "news graph", 'REDIS_KEY_PREFIX must be 1 to 64 letters, digits or _ . : - { }, got "news graph"'],
    ["REDIS_KEY_PREFIX", "", 'REDIS_KEY_PREFIX must be 1 to 64 letters, digits or _ . : - { }, got ""'],
  ])("%s=%j", (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      expect((error as Error).name).toBe("ConfigError");
      expect((error as Error).message).not.toContain("\n");
    }
  });
});
