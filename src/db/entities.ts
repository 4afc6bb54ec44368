import { Article } from "../article/article.entity";
import { CountryMention, PersonMention } from "../article/mention.entity";
import { Quote } from "../article/quote.entity";
import { ApiKey } from "../auth/api-key.entity";
import { Country } from "../country/country.entity";
import { Person } from "../person/person.entity";
import { RelationEvidence } from "../relation/relation-evidence.entity";
import { Relation } from "../relation/relation.entity";
import { Source } from "../source/source.entity";

/** Every TypeORM entity, registered with the data source. */
export const ENTITIES = [Source, Country, Person, Article, PersonMention, CountryMention, Quote, Relation, RelationEvidence, ApiKey];
