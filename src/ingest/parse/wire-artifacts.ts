/**
 * Lines that scraped wire pages carry besides the story: photo captions, sharing and tag
 * lines. They are neither body paragraphs nor link titles.
 */

/** At most this many words in a caption or a page-furniture line. */
const MAX_WORDS = 60;

/** "Photo: …", "File photo: …", "PHOTO: …", "Picture: …". */
const CAPTION_START = /^(?:(?:file\s+)?photos?|pictures?|images?|caption|video)\s*(?:\([^)]*\)\s*)?:/i;
/** A credit at the end: "(AA Photo)", "(Xinhua/Li Ming)", "Photo: Stefan Sauer/dpa", "EFE/File", "(Photo: AFP)". */
const CAPTION_CREDIT = [
  /\((?:[\p{L}.-]+\s+)?(?:photo|photos|file photo|pool photo)\)\s*$/iu,
  /\((?:photo|image)\s*:\s*[^()]{1,40}\)\s*$/iu,
  /\b(?:photo|picture|image)\s*:\s*[^.:]{1,60}\/[\p{L}.-]{2,20}\s*$/iu,
  /\b[\p{Lu}][\p{L}-]{1,15}\/(?:File|Archive|Handout|Pool)\s*$/u,
  // "(Xinhua/Abdourahman Said)", "(AP/Jane Doe)": an agency and its photographer in brackets.
  /\(\s*[\p{Lu}][\p{L}.-]{1,20}\s*\/\s*\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}\s*\)\s*$/u,
];
/** Page furniture: sharing, tags, advertising, newsletter prompts. */
const FURNITURE =
  /^(?:share\s+(?:this|on|via)\b|tags?\s*:|keywords?\s*:|topics?\s*:|advertisement\b|sponsored\b|follow\s+us\b|subscribe\b|sign\s+up\b|click\s+here\b|print\s+this\b|email\s+this\b|comments?\s*(?:\(\d+\)|:)|copyright\b|©)/i;

const short = (p: string): boolean => p.split(/\s+/).length <= MAX_WORDS;

/** A photo caption line (it starts with "Photo:" or ends with a photo credit). */
export const isCaption = (p: string): boolean => short(p) && (CAPTION_START.test(p) || CAPTION_CREDIT.some((r) => r.test(p)));

/** A sharing, tags or advertising line. */
export const isPageFurniture = (p: string): boolean => short(p) && FURNITURE.test(p);

/** A line that is neither story nor link title. */
export const isArtifact = (p: string): boolean => isCaption(p) || isPageFurniture(p);
