import { Initial1764316800000 } from "./1764316800000-Initial";
import { RelationTimelines1795960000000 } from "./1795960000000-RelationTimelines";
import { ArticleRevisions1795970000000 } from "./1795970000000-ArticleRevisions";
import { SearchHeadlineTerms1796000000000 } from "./1796000000000-SearchHeadlineTerms";
import { EvidenceStatementTriggers1796100000000 } from "./1796100000000-EvidenceStatementTriggers";
import { StoryClusters1796200000000 } from "./1796200000000-StoryClusters";
import { RevisionAfterDelete1796300000000 } from "./1796300000000-RevisionAfterDelete";
import { ApiKeyExpiry1796410000000 } from "./1796410000000-ApiKeyExpiry";
import { PersonAliases1796500000000 } from "./1796500000000-PersonAliases";
import { BulkWriteTriggers1796700000000 } from "./1796700000000-BulkWriteTriggers";
import { ArticleTextUnique1796800000000 } from "./1796800000000-ArticleTextUnique";
import { ResolvedLinkRefs1796810000000 } from "./1796810000000-ResolvedLinkRefs";
import { RelationsWeighedOnWrite1796900000000 } from "./1796900000000-RelationsWeighedOnWrite";
import { HeadlineExactIndex1796910000000 } from "./1796910000000-HeadlineExactIndex";
import { DropUnusedEvidenceFunction1796920000000 } from "./1796920000000-DropUnusedEvidenceFunction";
import { PendingTitleTrigrams1796940000000 } from "./1796940000000-PendingTitleTrigrams";
import { TextColumnsWithoutStatistics1796960000000 } from "./1796960000000-TextColumnsWithoutStatistics";
import { DropArticleHeadlineTrigrams1796970000000 } from "./1796970000000-DropArticleHeadlineTrigrams";
import { ClusterLeads1796980000000 } from "./1796980000000-ClusterLeads";

/** Every migration, oldest first (listed explicitly so that tsx, vitest and the build agree). */
export const MIGRATIONS = [
  Initial1764316800000,
  RelationTimelines1795960000000,
  ArticleRevisions1795970000000,
  SearchHeadlineTerms1796000000000,
  EvidenceStatementTriggers1796100000000,
  StoryClusters1796200000000,
  RevisionAfterDelete1796300000000,
  ApiKeyExpiry1796410000000,
  PersonAliases1796500000000,
  BulkWriteTriggers1796700000000,
  ArticleTextUnique1796800000000,
  ResolvedLinkRefs1796810000000,
  RelationsWeighedOnWrite1796900000000,
  HeadlineExactIndex1796910000000,
  DropUnusedEvidenceFunction1796920000000,
  PendingTitleTrigrams1796940000000,
  TextColumnsWithoutStatistics1796960000000,
  DropArticleHeadlineTrigrams1796970000000,
  ClusterLeads1796980000000,
];
