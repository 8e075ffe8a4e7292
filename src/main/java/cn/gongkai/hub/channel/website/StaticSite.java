package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.render.MarkdownHtml;
import cn.gongkai.hub.channel.render.Texts;
import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.AttachmentStore;
import cn.gongkai.hub.item.Catalogue;
import cn.gongkai.hub.item.Disclosure;
import cn.gongkai.hub.item.ItemContent;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.item.ItemVersion;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The static disclosure site (政府信息公开专栏) in its folder:
 * <pre>
 * index.html                         home: the latest items
 * columns/&lt;code&gt;/index.html, page-&lt;n&gt;.html   each catalogue column, newest first, {@code page-size} a page
 * items/&lt;id&gt;.html                    an item ({@link SiteLinks}), its attachments in items/&lt;id&gt;/attachments/
 * feed.xml  sitemap.xml  site.css
 * </pre>
 * What is online comes from the {@link SiteIndex} (Redis), so every page listing items is written from the same
 * index whichever instance writes it; a page written while the index moved on is written again. Within one instance
 * one change of the site runs at a time.
 */
@Singleton
@Requires(property = "hub.channels.website.selected.site", value = "true")
public class StaticSite {
    private static final Logger LOG = LoggerFactory.getLogger(StaticSite.class);
    private static final Pattern PAGE_FILE = Pattern.compile("page-(\\d+)\\.html");
    private static final int CHUNK = 500;
    private static final int REFRESHES = 10;

    private final SiteIndex index;
    private final SiteFiles files;
    private final SitePages pages = new SitePages();
    private final WebsiteConfig website;
    private final SiteConfig config;
    private final Catalogue catalogue;
    private final AttachmentStore attachments;
    private final ItemStore items;
    private final SiteLinks links;
    private final MarkdownHtml markdown;
    private final ZoneId zone;
    private final Clock clock;
    private final byte[] css;
    private final ReentrantLock lock = new ReentrantLock();
    /** The files a rebuild wrote, so it can delete everything else; null outside a rebuild. */
    private Set<String> written;

    public StaticSite(SiteIndex index, WebsiteConfig website, SiteConfig config, Catalogue catalogue, AttachmentStore attachments,
                      ItemStore items, SiteLinks links, HubConfig hub) {
        this.index = index;
        this.website = website;
        this.config = config;
        this.catalogue = catalogue;
        this.attachments = attachments;
        this.items = items;
        this.links = links;
        this.zone = hub.zoneId();
        this.clock = Clock.system(zone);
        this.files = new SiteFiles(config.dir().isBlank() ? hub.dataPath().resolve("site") : Path.of(config.dir()));
        this.markdown = MarkdownHtml.allowingImagesFrom(List.of(website.baseUrl()));
        try (InputStream in = StaticSite.class.getClassLoader().getResourceAsStream("site/static/site.css")) {
            this.css = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("site/static/site.css is missing from the hub's jar", e);
        }
    }

    /** The site's folder. */
    public Path root() {
        return files.root();
    }

    /** The file a request below {@code /site/} names, if the site has it (see {@link SiteFiles#find}). */
    public Optional<Path> find(String path) {
        return files.find(path);
    }

    /**
     * Puts a publication online: its attachments (the approved bytes, checked as they are copied), then its page, then
     * the index, then every list that shows it. A version older than the one online changes nothing.
     *
     * @return the item page's path in the folder
     * @throws AttachmentStore.AttachmentChangedException an attachment's bytes are not the approved ones (nothing written)
     */
    public String publish(Publication p) throws IOException {
        lock.lock();
        try {
            Optional<SiteEntry> before = index.entry(p.itemId());
            if (before.isPresent() && before.get().version() > p.version()) {
                LOG.info("site: item {} version {} not written, version {} is online", p.itemId(), p.version(), before.get().version());
                return links.itemPath(p.itemId());
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            SiteEntry entry = entry(p, before.map(SiteEntry::published).orElse(now), now);
            writeItem(entry, p.content());
            SiteIndex.Put put = index.put(entry);
            if (!put.stored().equals(entry)) {
                // another instance got there in between: the page shows what the index holds
                ItemVersion v = items.version(put.stored().itemId(), put.stored().version()).orElseThrow(
                        () -> new IllegalStateException("item " + p.itemId() + " lacks version " + put.stored().version()));
                writeItem(put.stored(), v.content());
            }
            Set<String> columns = new LinkedHashSet<>();
            columns.add(put.stored().column());
            put.previous().ifPresent(prev -> columns.add(prev.column()));
            before.ifPresent(prev -> columns.add(prev.column()));
            refresh(columns);
            return links.itemPath(p.itemId());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes an item off the site: out of the index, its page and attachments deleted, and every list that showed it
     * written again (its column's pages, the home page, the feed, the sitemap). Nothing stays online.
     */
    public void withdraw(Publication p) throws IOException {
        lock.lock();
        try {
            Optional<SiteEntry> removed = index.remove(p.itemId(), p.version());
            Optional<SiteEntry> still = removed.isPresent() ? Optional.empty() : index.entry(p.itemId());
            if (still.isPresent()) {
                LOG.info("site: withdrawal of item {} version {} leaves version {} online", p.itemId(), p.version(), still.get().version());
                return;
            }
            deleteItemFiles(p.itemId());
            refresh(removed.map(e -> Set.of(e.column())).orElse(Set.of()));
        } finally {
            lock.unlock();
        }
    }

    /** What a rebuild did. */
    public record Rebuilt(int items, int files, int removed, List<String> skipped) {
    }

    /**
     * Writes the whole site again from the index and the item versions it names, then deletes every file in the
     * folder it did not write (pages of items no longer online, temp files of a crash).
     */
    public Rebuilt rebuild(Consumer<String> progress) throws IOException {
        lock.lock();
        try {
            written = new HashSet<>();
            int n = 0;
            List<String> skipped = new ArrayList<>();
            long total = index.count();
            for (SiteEntry e : all()) {
                Optional<ItemVersion> v = items.version(e.itemId(), e.version());
                if (v.isEmpty()) {
                    skipped.add(e.itemId());
                    LOG.warn("site rebuild: item {} version {} is in the site's index but not in the item store; left out", e.itemId(), e.version());
                    continue;
                }
                writeItem(e, v.get().content());
                n++;
                if (n % 100 == 0) {
                    progress.accept(n + " of " + total + " item pages");
                }
            }
            Set<String> columns = new LinkedHashSet<>();
            catalogue.columns().forEach(c -> columns.add(c.code()));
            refresh(columns);
            int removed = 0;
            for (String f : files.all()) {
                if (!written.contains(f)) {
                    files.delete(f);
                    removed++;
                }
            }
            files.pruneEmptyFolders();
            Rebuilt r = new Rebuilt(n, written.size(), removed, List.copyOf(skipped));
            progress.accept(n + " item pages, " + r.files() + " files written, " + removed + " removed");
            return r;
        } finally {
            written = null;
            lock.unlock();
        }
    }

    private SiteEntry entry(Publication p, Instant published, Instant updated) {
        ItemContent c = p.content();
        return new SiteEntry(p.itemId(), p.version(), columnOf(c.category()), Texts.oneLine(c.title()), blankToNull(p.indexNumber()),
                blankToNull(c.issuer()), blankToNull(c.docNumber()), blankToNull(c.summary()), published, updated);
    }

    /** The item's column; an item of a column since removed from the catalogue goes to the last one (其他). */
    private String columnOf(String category) {
        return catalogue.find(category).orElse(catalogue.columns().get(catalogue.columns().size() - 1)).code();
    }

    // --- item pages

    private void writeItem(SiteEntry e, ItemContent c) throws IOException {
        String seg = Texts.pathSegment(e.itemId());
        String folder = "items/" + seg + "/attachments/";
        List<SiteFiles.Staged> staged = new ArrayList<>();
        List<SitePages.AttachmentView> views = new ArrayList<>();
        Set<String> names = new HashSet<>();
        try {
            for (Attachment a : c.attachments()) {
                String file = fileName(a.name());
                names.add(file);
                try (InputStream in = attachments.open(a)) {
                    staged.add(files.stage(folder + file, in));
                }
                views.add(new SitePages.AttachmentView(a.name(), seg + "/attachments/" + Texts.pathSegment(file), WebsiteRenderer.size(a.size())));
                record(folder + file);
            }
            for (SiteFiles.Staged s : staged) {
                s.commit();
            }
        } finally {
            for (SiteFiles.Staged s : staged) {
                s.close();
            }
        }
        for (String old : files.list(folder)) {
            if (!names.contains(old)) {
                files.delete(folder + old);
            }
        }
        String column = e.column();
        SitePages.ItemView view = new SitePages.ItemView(e.title(), dash(e.indexNumber()), dash(e.issuer()), dash(e.docNumber()),
                (c.disclosure() == null ? Disclosure.ACTIVE : c.disclosure()).label(), date(e.published()),
                catalogue.nameOf(column), columnPage(column, 1), body(seg, c), views);
        String page = links.itemPath(e.itemId());
        write(page, out -> pages.item(frame("../", e.title() + " - " + website.siteName(), links.itemUrl(e.itemId()), null), view, out));
    }

    /** The name on disk: the attachment's own, except that a dot file would be hidden from the site (and from web servers' rules). */
    private static String fileName(String name) {
        return name.startsWith(".") ? "_" + name : name;
    }

    /**
     * The sanitised body, with its relative links to {@code attachments/<name>} pointed at the item's attachments
     * folder; any other relative link or image would name nothing on the site, so the image is dropped and the link
     * kept as text.
     */
    private String body(String seg, ItemContent c) {
        Set<String> names = new HashSet<>();
        c.attachments().forEach(a -> names.add(a.name()));
        Document doc = Jsoup.parseBodyFragment(markdown.toHtml(c.body()));
        doc.outputSettings(MarkdownHtml.outputSettings());
        for (Element el : doc.select("a[href], img[src]")) {
            String attr = el.hasAttr("href") ? "href" : "src";
            String url = el.attr(attr);
            if (url.isEmpty() || url.startsWith("#") || url.matches("(?i)[a-z][a-z0-9+.-]*:.*") || url.startsWith("//")) {
                continue;
            }
            String path = decode(url.replaceAll("[?#].*$", ""));
            String name = path.startsWith("attachments/") ? path.substring("attachments/".length()) : null;
            if (name != null && names.contains(name)) {
                el.attr(attr, seg + "/attachments/" + Texts.pathSegment(fileName(name)));
            } else if (el.tagName().equals("img")) {
                el.remove();
            } else {
                el.removeAttr("href");
            }
        }
        for (Element img : doc.select("img")) {
            if (img.attr("alt").isBlank()) {
                String src = img.attr("src");
                img.attr("alt", "图片：" + decode(src.substring(src.lastIndexOf('/') + 1)));
            }
        }
        return doc.body().html();
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private void deleteItemFiles(String itemId) throws IOException {
        files.delete(links.itemPath(itemId));
        files.deleteTree("items/" + Texts.pathSegment(itemId));
    }

    // --- lists

    /** Writes the pages listing items (of {@code columns}, the home page, the feed, the sitemap) until the index held still. */
    private void refresh(Set<String> columns) throws IOException {
        for (int i = 0; i < REFRESHES; i++) {
            long generation = index.generation();
            for (String c : columns) {
                writeColumn(c);
            }
            for (Catalogue.Column c : catalogue.columns()) {
                // the navigation links every column: each has at least its first page
                if (!columns.contains(c.code()) && !files.exists(columnPage(c.code(), 1))) {
                    writeColumn(c.code());
                }
            }
            writeHome();
            writeFeed();
            writeSitemap();
            writeStatic();
            if (index.generation() == generation) {
                return;
            }
        }
        LOG.warn("site: the index kept changing while the lists were written; the next change writes them again");
    }

    private void writeColumn(String column) throws IOException {
        long total = index.count(column);
        int n = pageCount(total);
        String name = catalogue.nameOf(column);
        for (int p = 1; p <= n; p++) {
            int page = p;
            List<SitePages.ListEntry> entries = index.column(column, (long) (p - 1) * config.pageSize(), config.pageSize())
                    .stream().map(this::listEntry).toList();
            List<SitePages.PageLink> links = pageLinks(page, n);
            String prev = page > 1 ? fileOfPage(page - 1) : null;
            String next = page < n ? fileOfPage(page + 1) : null;
            String title = (page > 1 ? name + "（第" + page + "页）" : name) + " - " + website.siteName();
            write(columnPage(column, page), out -> pages.list(frame("../../", title, page == 1 ? absolute(columnPage(column, 1)) : null, column),
                    page > 1 ? name + "（第" + page + "页）" : name, entries, links, prev, next, "本栏目暂无公开信息。", out));
        }
        for (String f : files.list("columns/" + column)) {
            Matcher m = PAGE_FILE.matcher(f);
            if (m.matches() && Integer.parseInt(m.group(1)) > n) {
                files.delete("columns/" + column + "/" + f);
            }
        }
    }

    private int pageCount(long total) {
        return (int) Math.max(1, (total + config.pageSize() - 1) / config.pageSize());
    }

    /** Every page number near the current one, and the first and the last. */
    private static List<SitePages.PageLink> pageLinks(int current, int n) {
        List<SitePages.PageLink> out = new ArrayList<>();
        for (int p = 1; p <= n; p++) {
            if (p == 1 || p == n || Math.abs(p - current) <= 4) {
                out.add(new SitePages.PageLink(p, fileOfPage(p), p == current));
            }
        }
        return out;
    }

    private static String fileOfPage(int page) {
        return page == 1 ? "index.html" : "page-" + page + ".html";
    }

    static String columnPage(String column, int page) {
        return "columns/" + Texts.pathSegment(column) + "/" + fileOfPage(page);
    }

    private void writeHome() throws IOException {
        List<SitePages.ListEntry> entries = index.latest(0, config.latest()).stream().map(this::listEntry).toList();
        write("index.html", out -> pages.list(frame("", website.siteName(), absolute("index.html"), null), "最新公开信息", entries,
                List.of(), null, null, "暂无公开信息。", out));
    }

    private void writeFeed() throws IOException {
        List<SiteEntry> latest = index.latest(0, config.latest());
        Instant updated = latest.stream().map(SiteEntry::updated).max(Instant::compareTo).orElse(Instant.EPOCH);
        List<SitePages.FeedEntry> entries = latest.stream().map(e -> new SitePages.FeedEntry(e.title(), links.itemUrl(e.itemId()),
                e.published().toString(), e.updated().toString(), e.issuer(), e.column(), catalogue.nameOf(e.column()), e.summary())).toList();
        write("feed.xml", out -> pages.feed(website.siteName(), absolute("feed.xml"), absolute("index.html"), updated.toString(), entries, out));
    }

    private void writeSitemap() throws IOException {
        List<SitePages.SitemapUrl> head = new ArrayList<>();
        head.add(new SitePages.SitemapUrl(absolute("index.html"), null));
        for (Catalogue.Column c : catalogue.columns()) {
            head.add(new SitePages.SitemapUrl(absolute(columnPage(c.code(), 1)), null));
        }
        Iterable<SitePages.SitemapUrl> urls = () -> new Iterator<>() {
            final Iterator<SitePages.SitemapUrl> first = head.iterator();
            final Iterator<SiteEntry> entries = all().iterator();

            @Override
            public boolean hasNext() {
                return first.hasNext() || entries.hasNext();
            }

            @Override
            public SitePages.SitemapUrl next() {
                if (first.hasNext()) {
                    return first.next();
                }
                SiteEntry e = entries.next();
                return new SitePages.SitemapUrl(links.itemUrl(e.itemId()), date(e.updated()));
            }
        };
        write("sitemap.xml", out -> pages.sitemap(urls, out));
    }

    private void writeStatic() throws IOException {
        Path p = files.root().resolve("site.css");
        if (!java.nio.file.Files.isRegularFile(p) || !java.util.Arrays.equals(java.nio.file.Files.readAllBytes(p), css)) {
            files.write("site.css", out -> out.write(css));
        }
        record("site.css");
    }

    /** Every entry online, newest first, read {@value #CHUNK} at a time. */
    private Iterable<SiteEntry> all() {
        return () -> new Iterator<>() {
            long offset;
            Iterator<SiteEntry> chunk = List.<SiteEntry>of().iterator();
            boolean done;

            @Override
            public boolean hasNext() {
                if (chunk.hasNext()) {
                    return true;
                }
                if (done) {
                    return false;
                }
                List<SiteEntry> next = index.latest(offset, CHUNK);
                offset += CHUNK;
                done = next.size() < CHUNK;
                chunk = next.iterator();
                return chunk.hasNext();
            }

            @Override
            public SiteEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return chunk.next();
            }
        };
    }

    private SitePages.ListEntry listEntry(SiteEntry e) {
        return new SitePages.ListEntry(e.title(), links.itemPath(e.itemId()), dash(e.indexNumber()), date(e.published()));
    }

    private SitePages.Frame frame(String root, String title, String canonical, String currentColumn) {
        List<SitePages.ColumnLink> cols = catalogue.columns().stream()
                .map(c -> new SitePages.ColumnLink(c.code(), c.name(), columnPage(c.code(), 1), c.code().equals(currentColumn))).toList();
        return new SitePages.Frame(root, website.siteName(), title, canonical, cols);
    }

    private String absolute(String rel) {
        return website.baseUrl().strip().replaceAll("/+$", "") + "/" + rel;
    }

    private String date(Instant at) {
        return LocalDate.ofInstant(at, zone).toString();
    }

    private void write(String rel, SiteFiles.Content content) throws IOException {
        try {
            files.write(rel, content);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        record(rel);
    }

    private void record(String rel) {
        if (written != null) {
            written.add(rel);
        }
    }

    private static String dash(String s) {
        return Texts.isBlank(s) ? "—" : s.strip();
    }

    private static String blankToNull(String s) {
        return Texts.isBlank(s) ? null : s.strip();
    }
}
