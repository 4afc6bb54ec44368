import type { DataSource } from "typeorm";
import type { DatabaseKind } from "./db/data-source";
import { createArticleLoaders } from "./article/article.loader";
import type { Role } from "./auth/api-key.entity";
import type { AppLogger } from "./common/logger";
import type { Config } from "./config";
import type { CountryDirectory } from "./country/country-directory";
import { createPersonLoaders } from "./person/person.loader";
import { createRelationLoaders } from "./relation/relation.loader";
import { createSourceLoaders } from "./source/source.loader";
import { createRevisionLoaders } from "./revision/revision.loader";
import { createClusterLoaders } from "./cluster/cluster.loader";
import type { ContentVersion } from "./cache/content-version";
import type { CountryMatcher } from "./ingest/extract/country-matcher";
import type { NotificationSource } from "./live/notifications";
import type { ReadReplicas } from "./db/replicas";
import type { RequestInfo } from "./http/request-info";
import type { PlannerStatistics } from "./db/planner-statistics";

/** What lives as long as the server: the database, reference data, configuration. */
export interface AppServices {
  ds: DataSource;
  /** Which database: PGlite has one session, so some work is serialised there. */
  kind: DatabaseKind;
  countries: CountryDirectory;
  config: Config;
  log: AppLogger;
  contentVersion: ContentVersion;
  /** Finds countries in text; built once from the country table. */
  matcher: CountryMatcher;
  /** Read replicas that query operations read from (DATABASE_REPLICA_URLS); null: none. */
  replicas: ReadReplicas | null;
  /** LISTEN side of the change feed (opened only by a server that serves subscriptions). */
  notifications: NotificationSource;
  /** Refreshes the planner's statistics as committed writes grow the tables. */
  statistics: PlannerStatistics;
}

/** The caller, as identified by an API key (null: anonymous reader). */
export interface Caller {
  keyId: string;
  role: Role;
}

/** Per-request context: the app's services, the caller and fresh DataLoaders. */
export interface Context extends AppServices {
  caller: Caller | null;
  loaders: Loaders;
  /** The HTTP request (id, clock) when there is one; `log` then carries its id on every line. */
  request?: RequestInfo;
}

/** A new set of loaders; made per request so nothing is cached across requests. */
export function createLoaders(ds: DataSource) {
  const source = createSourceLoaders(ds);
  const person = createPersonLoaders(ds);
  // Article reads join their source and people; what they read primes the other loaders.
  const article = createArticleLoaders(ds, {
    source: (s) => source.byId.prime(s.id, s),
    person: (p) => person.byId.prime(p.id, p),
  });
  return {
    article,
    source,
    person,
    relation: createRelationLoaders(ds, article.groupArticles),
    revision: createRevisionLoaders(ds),
    cluster: createClusterLoaders(ds, article.groupArticles),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;

export function createContext(app: AppServices, caller: Caller | null, request?: RequestInfo): Context {
  const log = request ? app.log.child({ reqId: request.id }) : app.log;
  return { ...app, log, caller, loaders: createLoaders(app.ds), request };
}

interface LazyParts {
  ds: DataSource;
  request?: RequestInfo;
  appLog: AppLogger;
  madeLoaders?: Loaders;
  madeLog?: AppLogger;
}

/** Loaders and the request's logger, made on first use (assigning either replaces it). */
const lazyParts = {
  get loaders(): Loaders {
    const self = this as unknown as LazyParts;
    return (self.madeLoaders ??= createLoaders(self.ds));
  },
  set loaders(value: Loaders) {
    (this as unknown as LazyParts).madeLoaders = value;
  },
  get log(): AppLogger {
    const self = this as unknown as LazyParts;
    return (self.madeLog ??= self.request ? self.appLog.child({ reqId: self.request.id }) : self.appLog);
  },
  set log(value: AppLogger) {
    (this as unknown as LazyParts).madeLog = value;
  },
};

/**
 * The context of an HTTP request: as createContext, but its loaders and logger are made when
 * first used, as a compiled read (src/read-plan) needs neither. Apollo Server runs each
 * operation on a copy that keeps the prototype, so the lazy parts survive the copy; do not
 * spread this object (subscriptions use createContext).
 */
export function createRequestContext(app: AppServices, caller: Caller | null, request?: RequestInfo): Context {
  const { log: appLog, ...services } = app;
  const parts: Omit<LazyParts, "ds"> = { request, appLog, madeLoaders: undefined, madeLog: undefined };
  return Object.assign(Object.create(lazyParts) as Context, services, { caller }, parts);
}
