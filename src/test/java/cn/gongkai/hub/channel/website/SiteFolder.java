package cn.gongkai.hub.channel.website;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** A generated site folder as a checker reads it: every file, every page parsed, every internal link followed. */
final class SiteFolder {
    final Path root;

    SiteFolder(Path root) {
        this.root = root;
    }

    /** Relative path → SHA-256 of every file. */
    Map<String, String> digests() {
        Map<String, String> out = new TreeMap<>();
        for (String f : files()) {
            try {
                out.put(f, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(root.resolve(f)))));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    List<String> files() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> pages() {
        return files().stream().filter(f -> f.endsWith(".html")).toList();
    }

    Document page(String rel) {
        try {
            return Jsoup.parse(root.resolve(rel).toFile(), "UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The internal links of a page that do not resolve: a file (a folder's index.html) or, for #x, an element of that id. */
    List<String> brokenLinks(String rel) {
        Document doc = page(rel);
        List<String> broken = new ArrayList<>();
        for (Element e : doc.select("a[href], link[href], img[src]")) {
            String url = e.hasAttr("href") ? e.attr("href") : e.attr("src");
            if (url.matches("(?i)(https?|mailto):.*") || url.startsWith("//")) {
                continue;
            }
            String fragment = url.contains("#") ? url.substring(url.indexOf('#') + 1) : null;
            String path = url.contains("#") ? url.substring(0, url.indexOf('#')) : url;
            if (path.isEmpty()) {
                if (fragment != null && !fragment.isEmpty() && doc.getElementById(fragment) == null) {
                    broken.add(rel + ": " + url + " (no element of that id)");
                }
                continue;
            }
            Path target = resolve(rel, path);
            if (target == null || !Files.isRegularFile(target)) {
                broken.add(rel + ": " + url);
            }
        }
        return broken;
    }

    /** The file an internal link of page {@code rel} names, or null when it climbs out of the folder. */
    Path resolve(String rel, String path) {
        String decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        Path base = root.resolve(rel).getParent();
        Path target = base.resolve(decoded).normalize();
        if (!target.startsWith(root)) {
            return null;
        }
        return Files.isDirectory(target) ? target.resolve("index.html") : target;
    }

    /** Every internal link target of every page, as paths relative to the folder. */
    Set<String> linkedFiles() {
        Set<String> out = new TreeSet<>();
        for (String rel : pages()) {
            for (Element e : page(rel).select("a[href], link[href], img[src]")) {
                String url = e.hasAttr("href") ? e.attr("href") : e.attr("src");
                if (url.matches("(?i)(https?|mailto):.*") || url.startsWith("#")) {
                    continue;
                }
                Path t = resolve(rel, url.contains("#") ? url.substring(0, url.indexOf('#')) : url);
                if (t != null) {
                    out.add(root.relativize(t).toString().replace('\\', '/'));
                }
            }
        }
        return out;
    }

    /** The values of one element (namespace-aware, by local name) of an XML file, after parsing it strictly. */
    List<String> xmlValues(String rel, String namespace, String localName, String attribute) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            org.w3c.dom.Document doc = f.newDocumentBuilder().parse(root.resolve(rel).toFile());
            NodeList nodes = doc.getElementsByTagNameNS(namespace, localName);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                org.w3c.dom.Element el = (org.w3c.dom.Element) nodes.item(i);
                out.add(attribute == null ? el.getTextContent().strip() : el.getAttribute(attribute));
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError(rel + " does not parse as XML: " + e, e);
        }
    }
}
