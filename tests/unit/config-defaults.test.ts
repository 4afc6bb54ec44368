import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";

describe("secure defaults", () => {
  it("listens on 127.0.0.1 unless HOST says otherwise", () => {
    expect(loadConfig({}).host).toBe("127.0.0.1");
    expect(loadConfig({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
  });
});
