package cn.gongkai.hub.item;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.HubException;
import cn.gongkai.hub.HubException.FieldError;
import cn.gongkai.hub.channel.ChannelSettings;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Drafting items: validation of what editors send, new versions on every change, attachments. */
@Singleton
public class ItemService {
    private static final Logger LOG = LoggerFactory.getLogger(ItemService.class);
    static final int MAX_TITLE = 200;
    static final int MAX_SUMMARY = 500;
    static final int MAX_SHORT = 100;
    static final int MAX_ATTACHMENTS = 50;
    static final int FIRST_FORMED_YEAR = 2000;

    private final ItemStore store;
    private final Catalogue catalogue;
    private final AttachmentStore attachments;
    private final HubConfig hub;
    private final Map<String, ChannelSettings> channels;

    public ItemService(ItemStore store, Catalogue catalogue, AttachmentStore attachments, HubConfig hub,
                       List<ChannelSettings> channelSettings) {
        this.store = store;
        this.catalogue = catalogue;
        this.attachments = attachments;
        this.hub = hub;
        this.channels = channelSettings.stream().collect(Collectors.toMap(ChannelSettings::name, c -> c, (a, b) -> a, TreeMap::new));
    }

    public Item create(ItemDraft draft, String author) {
        ItemContent content = formedAtOrToday(content(draft, List.of()));
        Item item = store.create(content, author);
        LOG.info("Item {} created by {}: {}", item.id(), author, item.content().title());
        return item;
    }

    /** A targeted notice: an item of kind notice, drafted like any other and reviewed the same way. */
    public Item createNotice(ItemDraft draft, Notice notice, String author) {
        ItemContent content = formedAtOrToday(content(draft, List.of()).withNotice(notice));
        Item item = store.create(content, author);
        LOG.info("Notice {} created by {}: {}", item.id(), author, item.content().title());
        return item;
    }

    /** PUT of a notice: its text, channels and audience as a new version (attachments stay). */
    public Item updateNotice(String itemId, ItemDraft draft, Notice notice, String author) {
        Item current = get(itemId);
        if (current.content().notice() == null) {
            throw HubException.invalid("id", "item " + itemId + " is not a notice; edit it at /api/items/" + itemId);
        }
        return newVersion(current, formedAtOrKept(content(draft, current.content().attachments()).withNotice(notice), current), author);
    }

    /** PUT: replaces the content (attachments stay) as a new version. */
    public Item update(String itemId, ItemDraft draft, String author) {
        Item current = get(itemId);
        ItemContent content = content(draft, current.content().attachments()).withNotice(current.content().notice());
        return newVersion(current, formedAtOrKept(content, current), author);
    }

    /**
     * Adds or replaces (same name) an attachment as a new version. Its type is detected from the name and the bytes;
     * {@code declaredType} (the upload's Content-Type, already checked to be a media type) is not trusted.
     */
    public Item addAttachment(String itemId, String fileName, String declaredType, InputStream data, String author) {
        Item current = get(itemId);
        List<FieldError> errors = new ArrayList<>();
        AttachmentName.problems(fileName).forEach(p -> errors.add(new FieldError("file", p)));
        if (current.content().attachments().size() >= MAX_ATTACHMENTS) {
            errors.add(new FieldError("file", "an item takes at most " + MAX_ATTACHMENTS + " attachments"));
        }
        if (!errors.isEmpty()) {
            throw HubException.invalid(errors);
        }
        AttachmentStore.Stored stored;
        String type;
        try {
            stored = attachments.store(data, hub.maxAttachmentBytes());
            type = AttachmentTypes.detect(attachments.find(stored.sha256()).orElseThrow(), fileName);
        } catch (AttachmentStore.TooLarge e) {
            throw new HubException(413, "attachment " + e.getMessage(), List.of(new FieldError("file", e.getMessage())), null);
        } catch (IOException e) {
            throw new IllegalStateException("could not store attachment: " + e.getMessage(), e);
        }
        List<Attachment> list = new ArrayList<>(current.content().attachments());
        list.removeIf(a -> a.name().equals(fileName));
        list.add(new Attachment(fileName, type, stored.size(), stored.sha256()));
        return newVersion(current, current.content().withAttachments(list), author);
    }

    /** A new item formed on no stated day was formed the day it is drafted, in the office's zone. */
    private ItemContent formedAtOrToday(ItemContent c) {
        return c.formedAt() != null ? c : c.withFormedAt(LocalDate.now(hub.zoneId()));
    }

    /** An edit that does not say when the information changed keeps the day of the version before (a typo fix is no change). */
    private static ItemContent formedAtOrKept(ItemContent c, Item current) {
        return c.formedAt() != null ? c : c.withFormedAt(current.content().formedAt());
    }

    private Item newVersion(Item current, ItemContent content, String author) {
        Item updated = store.addVersion(current.id(), current.version(), content, author)
                .orElseThrow(() -> HubException.conflict("item " + current.id() + " was changed by someone else meanwhile; reload it and edit again"));
        LOG.info("Item {} version {} written by {}", updated.id(), updated.version(), author);
        return updated;
    }

    public Item get(String itemId) {
        return store.find(itemId).orElseThrow(() -> HubException.notFound("item " + itemId));
    }

    public ItemVersion version(String itemId, int version) {
        get(itemId);
        return store.version(itemId, version).orElseThrow(() -> HubException.notFound("version " + version + " of item " + itemId));
    }

    public Optional<java.nio.file.Path> attachmentFile(String sha256) {
        return attachments.find(sha256);
    }

    public record Page(List<Item> items, int page, int size, long total) {
    }

    public Page list(String state, String category, int page, int size) {
        List<FieldError> errors = new ArrayList<>();
        ItemState st = null;
        if (state != null && !state.isBlank()) {
            try {
                st = ItemState.valueOf(state.strip().toUpperCase());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("state", "unknown state '" + state + "'"));
            }
        }
        String cat = null;
        if (category != null && !category.isBlank()) {
            cat = catalogue.find(category).map(Catalogue.Column::code).orElse(null);
            if (cat == null) {
                errors.add(new FieldError("category", "unknown catalogue column '" + category + "'"));
            }
        }
        if (page < 1) {
            errors.add(new FieldError("page", "must be 1 or more"));
        }
        if (size < 1 || size > 200) {
            errors.add(new FieldError("size", "must be between 1 and 200"));
        }
        if (!errors.isEmpty()) {
            throw HubException.invalid(errors);
        }
        List<Item> matches = new ArrayList<>();
        long skip = (long) (page - 1) * size;
        long seen = 0;
        long offset = 0;
        final int chunk = 500;
        while (true) {
            List<String> ids = store.ids(offset, chunk);
            for (String id : ids) {
                Optional<Item> it = store.find(id);
                if (it.isEmpty() || (st != null && it.get().state() != st) || (cat != null && !cat.equals(it.get().content().category()))) {
                    continue;
                }
                if (seen++ >= skip && matches.size() < size) {
                    matches.add(it.get());
                }
            }
            if (ids.size() < chunk) {
                break;
            }
            offset += chunk;
        }
        return new Page(matches, page, size, seen);
    }

    /** Everything wrong with a draft, every field at once; empty when it can be saved. */
    public List<FieldError> problems(ItemDraft draft) {
        List<FieldError> errors = new ArrayList<>();
        check(draft, List.of(), errors);
        return errors;
    }

    private ItemContent content(ItemDraft draft, List<Attachment> keptAttachments) {
        List<FieldError> errors = new ArrayList<>();
        ItemContent content = check(draft, keptAttachments, errors);
        if (!errors.isEmpty()) {
            throw HubException.invalid(errors);
        }
        return content;
    }

    private ItemContent check(ItemDraft d, List<Attachment> keptAttachments, List<FieldError> errors) {
        String title = text(d.title(), "title", errors, true, MAX_TITLE);
        String body = text(d.body(), "body", errors, true, hub.maxBodyChars());
        String summary = text(d.summary(), "summary", errors, false, MAX_SUMMARY);
        String docNumber = text(d.docNumber(), "docNumber", errors, false, MAX_SHORT);
        String issuer = text(d.issuer(), "issuer", errors, false, MAX_SHORT);
        String categoryRaw = text(d.category(), "category", errors, true, MAX_SHORT);
        String category = null;
        if (categoryRaw != null) {
            category = catalogue.find(categoryRaw).map(Catalogue.Column::code).orElse(null);
            if (category == null) {
                errors.add(new FieldError("category", "unknown catalogue column '" + categoryRaw + "'; one of: "
                        + catalogue.columns().stream().map(c -> c.code() + " (" + c.name() + ")").collect(Collectors.joining(", "))));
            }
        }
        Disclosure disclosure = Disclosure.ACTIVE;
        String disclosureRaw = text(d.disclosure(), "disclosure", errors, false, MAX_SHORT);
        if (disclosureRaw != null) {
            disclosure = Disclosure.parse(disclosureRaw);
            if (disclosure == null) {
                errors.add(new FieldError("disclosure", "must be 主动公开, 依申请公开 or 不予公开"));
            }
        }
        Urgency urgency = Urgency.NORMAL;
        String urgencyRaw = text(d.urgency(), "urgency", errors, false, MAX_SHORT);
        if (urgencyRaw != null) {
            urgency = Urgency.parse(urgencyRaw);
            if (urgency == null) {
                errors.add(new FieldError("urgency", "must be normal or urgent"));
            }
        }
        List<String> chans = channels(d.channels(), errors);
        LocalDate formedAt = formedAt(d.formedAt(), errors);
        return new ItemContent(title, body, summary, category, disclosure, docNumber, issuer, chans, urgency, keptAttachments, null,
                formedAt);
    }

    /** Null when absent (the caller fills the default); a problem unless a real date from 2000 to today. */
    private LocalDate formedAt(String s, List<FieldError> errors) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String v = s.strip();
        LocalDate d = IsoDate.parse(v);
        LocalDate today = LocalDate.now(hub.zoneId());
        if (d == null) {
            errors.add(new FieldError("formedAt", "'" + v + "' is not a date yyyy-MM-dd such as " + today));
        } else if (d.isAfter(today)) {
            errors.add(new FieldError("formedAt", d + " is in the future (today is " + today + " in " + hub.zone()
                    + "): give the day the information was formed or changed"));
        } else if (d.getYear() < FIRST_FORMED_YEAR) {
            errors.add(new FieldError("formedAt", d + " is before " + FIRST_FORMED_YEAR + "; give the day the information was formed or changed"));
        } else {
            return d;
        }
        return null;
    }

    private List<String> channels(List<String> names, List<FieldError> errors) {
        if (names == null) {
            errors.add(new FieldError("channels", "is required: a list of channels from " + String.join(", ", channels.keySet())));
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String c : names) {
            String name = c == null ? "" : c.strip();
            ChannelSettings s = channels.get(name);
            if (s == null) {
                errors.add(new FieldError("channels", "unknown channel '" + name + "'; configured: " + String.join(", ", channels.keySet())));
            } else if (!s.enabled()) {
                errors.add(new FieldError("channels", "channel '" + name + "' is disabled in its channel-config file"));
            } else {
                out.add(name);
            }
        }
        if (out.isEmpty() && errors.stream().noneMatch(e -> e.field().equals("channels"))) {
            errors.add(new FieldError("channels", "must name at least one channel"));
        }
        return List.copyOf(out);
    }

    private static String text(String s, String field, List<FieldError> errors, boolean required, int max) {
        if (s == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (s.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "must not be blank"));
            }
            return null;
        }
        if (s.length() > max) {
            errors.add(new FieldError(field, "is " + s.length() + " characters long; the limit is " + max));
            return null;
        }
        return required || !s.isBlank() ? s : null;
    }
}
