package cn.gongkai.hub.item;

import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MimeTypes;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The media type an attachment is stored and served with, detected from its bytes and its name by tika-core's MIME
 * database (magic bytes first; the name's extension where it narrows what the bytes say, so a {@code .csv} of text is
 * {@code text/csv} but a {@code .pdf} of text stays {@code text/plain}). The type an upload declares is never taken:
 * clients send whatever their system maps the extension to, or anything at all.
 */
final class AttachmentTypes {
    private AttachmentTypes() {
    }

    static String detect(Path file, String name) throws IOException {
        Metadata hints = new Metadata();
        // Tika reads the name as a URI first; '#' or '?' in a file name would cut its extension off
        hints.set(TikaCoreProperties.RESOURCE_NAME_KEY, name.replaceAll("[#?%]", "_"));
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return Types.ALL.detect(in, hints).toString();
        }
    }

    /** Loaded on the first upload: parsing Tika's MIME database takes a few hundred milliseconds. */
    private static final class Types {
        static final MimeTypes ALL = MimeTypes.getDefaultMimeTypes();
    }
}
