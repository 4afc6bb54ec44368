import { describe, expect, it } from "vitest";
import { FeedParseError, feedItemToStory, feedSourceCode, parseFeed, type ParsedFeed } from "../../src/ingest/parse/feed";
import { parseFeedDate } from "../../src/ingest/parse/feed-date";
import { decodeEntities, htmlToParagraphs, shorten } from "../../src/ingest/parse/html-text";

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Meridian Wire World News</title>
  <link>https://news.example.org/world</link>
  <atom:link href="https://news.example.org/world/feed" rel="self" type="application/rss+xml"/>
  <item>
    <title>Iran and Cuba sign &amp; seal a strategic pact</title>
    <link>https://news.example.org/world/iran-cuba-pact</link>
    <guid isPermaLink="false">mw-1001</guid>
    <pubDate>Tue, 10 Jun 2025 04:00:00 GMT</pubDate>
    <dc:creator><![CDATA[Jane Doe]]></dc:creator>
    <category>Diplomacy</category>
    <category domain="https://news.example.org/tags">Iran</category>
    <category>diplomacy</category>
    <description><![CDATA[<p>Tehran and Havana agreed on a pact&#8230;</p><p>The post <a href="x">Iran and Cuba sign</a> appeared first on <a href="y">Meridian Wire</a>.</p>]]></description>
    <content:encoded><![CDATA[
      <p>Iran&rsquo;s President met Cuba&#x2019;s ambassador in Tehran &mdash; &ldquo;a new era&rdquo;, he said.</p>
      <script>window.track("pact");</script>
      <style>p { color: red }</style>
      <p>Trade&nbsp;&amp;  energy<br/>were on the agenda.<br>So was <b>medicine</b> &lt;&gt; &quot;vaccines&quot; &apos;too&apos;.</p>
      <div class="share">Read more</div>
      <p>Continue reading…</p>
      <p>   </p>
      <p>The post Iran and Cuba sign appeared first on Meridian Wire.</p>
    ]]></content:encoded>
  </item>
  <item>
    <title>Second story</title>
    <guid>https://news.example.org/world/second</guid>
    <pubDate>Wed, 11 Jun 2025 09:30:00 +0200</pubDate>
    <author>desk@example.org (World Desk)</author>
    <description>&lt;p&gt;Plain &amp;amp; escaped description.&lt;/p&gt;&lt;p&gt;Second paragraph.&lt;/p&gt;</description>
  </item>
</channel>
</rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Example Atom</title>
  <link rel="self" href="https://atom.example.com/feed.xml"/>
  <link href="https://atom.example.com/"/>
  <author><name>Feed Author</name></author>
  <id>urn:uuid:feed</id>
  <updated>2025-06-12T10:00:00Z</updated>
  <entry>
    <title type="html">Havana &amp;amp; Tehran &lt;em&gt;talk&lt;/em&gt;</title>
    <link rel="self" href="https://atom.example.com/api/1"/>
    <link rel="alternate" type="text/html" href="https://atom.example.com/1"/>
    <id>tag:atom.example.com,2025:1</id>
    <published>2025-06-12T08:00:00+02:00</published>
    <updated>2025-06-12T09:00:00Z</updated>
    <author><name>Ana Ruiz</name></author>
    <category term="cuba"/>
    <category term="iran" label="Iran"/>
    <summary type="text">A short summary &amp; more.</summary>
    <content type="html">&lt;h2&gt;Talks&lt;/h2&gt;&lt;p&gt;First &amp;amp; foremost.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;one&lt;/li&gt;&lt;li&gt;two&lt;/li&gt;&lt;/ul&gt;</content>
  </entry>
  <entry>
    <title>XHTML entry</title>
    <link href="/2"/>
    <id>tag:atom.example.com,2025:2</id>
    <updated>2025-06-13T07:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello &amp; <b>welcome</b>.</p><p>Second<br/>line</p></div></content>
  </entry>
</feed>`;

const RDF = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example.net/">
    <title>RDF News</title>
    <link>https://rdf.example.net/</link>
  </channel>
  <item rdf:about="https://rdf.example.net/a">
    <title>RDF item</title>
    <description>Text of the RDF item.</description>
    <dc:date>2025-06-01T12:00:00Z</dc:date>
    <dc:subject>Science</dc:subject>
  </item>
</rdf:RDF>`;

const UNTITLED = `<rss version="2.0"><channel><title>X</title>
  <item><description>&lt;p&gt;Cuba and Iran held talks on Monday. More followed.&lt;/p&gt;</description></item>
  <item><title></title><description>   </description></item>
  <item><title>Title only</title></item>
</channel></rss>`;

describe("parseFeed: RSS 2.0", () => {
  const feed = parseFeed(RSS);
  const [first, second] = feed.items;

  it("reads the channel", () => {
    expect(feed.title).toBe("Meridian Wire World News");
    expect(feed.link).toBe("https://news.example.org/world");
    expect(feed.items).toHaveLength(2);
    expect(feed.warnings).toEqual([]);
  });

  it("reads content:encoded as the body, cleaned", () => {
    expect(first.headline).toBe("Iran and Cuba sign & seal a strategic pact");
    expect(first.paragraphs).toEqual([
      "Iran’s President met Cuba’s ambassador in Tehran — “a new era”, he said.",
      "Trade & energy",
      "were on the agenda.",
      `So was medicine <> "vaccines" 'too'.`,
    ]);
    const body = first.paragraphs.join("\n");
    expect(body).not.toMatch(/track|color|appeared first|Read more|Continue reading|\u00a0/);
  });

  it("keeps the description as summary when content is the body", () => {
    expect(first.summary).toBe("Tehran and Havana agreed on a pact…");
  });

  it("reads link, guid, date, author and tags", () => {
    expect(first.url).toBe("https://news.example.org/world/iran-cuba-pact");
    expect(first.guid).toBe("mw-1001");
    expect(first.publishedAt?.toISOString()).toBe("2025-06-10T04:00:00.000Z");
    expect(first.author).toBe("Jane Doe");
    expect(first.tags).toEqual(["Diplomacy", "Iran"]);
    expect(first.index).toBe(0);
  });

  it("uses the description as body when there is no content, and a permalink guid as url", () => {
    expect(second.paragraphs).toEqual(["Plain & escaped description.", "Second paragraph."]);
    expect(second.summary).toBeNull();
    expect(second.url).toBe("https://news.example.org/world/second");
    expect(second.publishedAt?.toISOString()).toBe("2025-06-11T07:30:00.000Z");
    expect(second.author).toBe("World Desk");
    expect(second.tags).toEqual([]);
    expect(second.index).toBe(1);
  });
});

describe("parseFeed: Atom", () => {
  const feed = parseFeed(ATOM);
  const [html, xhtml] = feed.items;

  it("reads the feed", () => {
    expect(feed.title).toBe("Example Atom");
    expect(feed.link).toBe("https://atom.example.com/");
    expect(feed.items).toHaveLength(2);
  });

  it("reads an html entry", () => {
    expect(html.headline).toBe("Havana & Tehran talk");
    expect(html.url).toBe("https://atom.example.com/1");
    expect(html.guid).toBe("tag:atom.example.com,2025:1");
    expect(html.publishedAt?.toISOString()).toBe("2025-06-12T06:00:00.000Z");
    expect(html.paragraphs).toEqual(["Talks", "First & foremost.", "one", "two"]);
    expect(html.summary).toBe("A short summary & more.");
    expect(html.tags).toEqual(["cuba", "iran"]);
    expect(html.author).toBe("Ana Ruiz");
  });

  it("reads an xhtml entry, inheriting the feed author, resolving a relative link", () => {
    expect(xhtml.headline).toBe("XHTML entry");
    expect(xhtml.paragraphs).toEqual(["Hello & welcome.", "Second", "line"]);
    expect(xhtml.summary).toBeNull();
    expect(xhtml.url).toBe("https://atom.example.com/2");
    expect(xhtml.publishedAt?.toISOString()).toBe("2025-06-13T07:00:00.000Z");
    expect(xhtml.author).toBe("Feed Author");
  });
});

describe("parseFeed: RSS 1.0 (RDF)", () => {
  it("reads items at the top level", () => {
    const feed = parseFeed(RDF);
    expect(feed.title).toBe("RDF News");
    expect(feed.link).toBe("https://rdf.example.net/");
    expect(feed.items).toHaveLength(1);
    const [item] = feed.items;
    expect(item).toMatchObject({
      headline: "RDF item",
      url: "https://rdf.example.net/a",
      paragraphs: ["Text of the RDF item."],
      tags: ["Science"],
    });
    expect(item.publishedAt?.toISOString()).toBe("2025-06-01T12:00:00.000Z");
  });
});

describe("parseFeed: items without title or text", () => {
  const feed = parseFeed(UNTITLED);

  it("derives a headline from the first sentence, with a warning", () => {
    expect(feed.items.map((i) => i.headline)).toEqual(["Cuba and Iran held talks on Monday", "Title only"]);
    expect(feed.items[0].warnings).toEqual([expect.stringMatching(/index 0 has no title/)]);
    expect(feed.warnings).toContainEqual(expect.stringMatching(/index 0 has no title/));
  });

  it("skips an item with neither title nor text, with a warning", () => {
    expect(feed.items.map((i) => i.index)).toEqual([0, 2]);
    expect(feed.warnings).toContainEqual(expect.stringMatching(/index 1 has neither title nor text; skipped/));
    expect(feed.items[1].paragraphs).toEqual([]);
  });
});

describe("parseFeed: bad input", () => {
  it.each([
    ["empty", "", /feed is empty/],
    ["blank", "  \n\t ", /feed is empty/],
    ["JSON", '{"a":1}', /not well-formed XML \(it looks like JSON\): char '\{' is not expected.* line 1, column 1/],
    ["plain text", "plain text", /not well-formed XML: char 'p' is not expected.* line 1/],
    ["XML but not a feed", "<html><body>hi</body></html>", /XML root <html> is not an RSS or Atom feed/],
    ["other XML", "<?xml version='1.0'?><foo><bar/></foo>", /XML root <foo> is not an RSS or Atom feed/],
    ["truncated XML", "<rss><channel><item><title>x</title>", /not well-formed XML: unclosed tags <rss>, <channel>, <item>/],
    ["mismatched tags", "<rss><channel></item></rss>", /not well-formed XML: .*line 1/],
    ["RSS without channel", "<rss version='2.0'/>", /has no <channel>/],
  ])("%s", (_, input, message) => {
    expect(() => parseFeed(input)).toThrow(FeedParseError);
    expect(() => parseFeed(input)).toThrow(message);
  });

  it("accepts a BOM and leading white space, and an empty feed with a warning", () => {
    const feed = parseFeed("\ufeff\n  <rss version='2.0'><channel><title>Empty</title></channel></rss>");
    expect(feed.items).toEqual([]);
    expect(feed.warnings).toEqual(["feed has no items"]);
  });
});

describe("feedItemToStory", () => {
  const fallback = new Date("2025-06-20T00:00:00Z");

  it("maps an item to a story, people and countries left for extraction", () => {
    const item = parseFeed(RSS).items[0];
    const story = feedItemToStory(item, { code: "MW", name: "Meridian Wire" }, fallback);
    expect(story).toEqual({
      source: { code: "MW", name: "Meridian Wire" },
      headline: item.headline,
      url: item.url,
      publishedAt: item.publishedAt,
      publishedAtGuessed: false,
      summary: item.summary,
      body: item.paragraphs,
      tags: ["Diplomacy", "Iran"],
      language: null,
      warnings: [],
    });
    expect(story.people).toBeUndefined();
    expect(story.countries).toBeUndefined();
  });

  it("uses the fallback date with a warning, passes item warnings on, never leaves the body empty", () => {
    const [untitled, titleOnly] = parseFeed(UNTITLED).items;
    const story = feedItemToStory(untitled, { code: "X" }, fallback);
    expect(story.publishedAt).toBe(fallback);
    expect(story.publishedAtGuessed).toBe(true);
    expect(story.warnings).toEqual([
      expect.stringMatching(/no title/),
      expect.stringMatching(/no publication date; using 2025-06-20T00:00:00.000Z/),
    ]);
    const bare = feedItemToStory(titleOnly, { code: "X" }, fallback);
    expect(bare.body).toEqual(["Title only"]);
    expect(bare.warnings).toContainEqual(expect.stringMatching(/no text/));
  });
});

describe("feedSourceCode", () => {
  it.each([
    ["Meridian Wire World News", null, "MWWN"],
    ["The Daily Planet", null, "DP"],
    ["BBC News - World", null, "BBCNW"],
    ["Reuters", null, "REUTERS"],
    ["Ça va, Île-de-France", null, "CVIDF"],
    ["One Two Three Four Five Six Seven Eight Nine Ten", null, "OTTFFSSE"],
    ["新闻", "https://news.example.org/world", "EXAMPLE"],
    [null, "https://feeds.bbci.co.uk/news/rss.xml", "BBCI"],
    ["X", "not a url", "FEED"],
    [null, null, "FEED"],
  ])("title %s, link %s → %s", (title, link, code) => {
    const feed: ParsedFeed = { title, link, items: [], warnings: [] };
    expect(feedSourceCode(feed)).toBe(code);
  });
});

describe("helpers", () => {
  it("decodes entities", () => {
    expect(decodeEntities("&amp;&lt;&gt;&quot;&apos;&nbsp;&#8217;&#x2019;&mdash;&rsquo;&ldquo;&rdquo;&#146;&unknown;&constructor;")).toBe(
      "&<>\"'\u00a0’’—’“”’&unknown;&constructor;",
    );
  });

  it("drops comments, nav and trailing read-more links", () => {
    expect(
      htmlToParagraphs("<nav><a>Home</a></nav><!-- x --><p>Story ends here. <a>Read more »</a></p><p>She wants to read more</p>"),
    ).toEqual(["Story ends here.", "She wants to read more"]);
  });

  it("shortens at a word boundary", () => {
    const s = shorten("word ".repeat(100), 50);
    expect(s.length).toBeLessThanOrEqual(50);
    expect(s).toMatch(/^(word )+word…$/);
  });

  it.each([
    ["Tue, 10 Jun 2025 04:00:00 EST", "2025-06-10T09:00:00.000Z"],
    ["Wed, 02 Oct 2002 13:00:00 CEST", "2002-10-02T11:00:00.000Z"],
    ["10 Jun 2025 04:00", "2025-06-10T04:00:00.000Z"],
    ["2025-06-10T04:00:00", "2025-06-10T04:00:00.000Z"],
    ["2025-06-10", "2025-06-10T00:00:00.000Z"],
  ])("reads the date %s", (text, iso) => expect(parseFeedDate(text)?.toISOString()).toBe(iso));

  it("returns null for an unreadable date", () => expect(parseFeedDate("someday")).toBeNull());
});
