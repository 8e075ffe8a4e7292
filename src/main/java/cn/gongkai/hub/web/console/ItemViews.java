package cn.gongkai.hub.web.console;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.channel.ChannelSettings;
import cn.gongkai.hub.deadline.WorkCalendars;
import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.Catalogue;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemState;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the item pages show of items, in the office's words and zone: rows of the list, choices of the form. */
@Singleton
class ItemViews {
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private final WorkCalendars calendars;
    private final Catalogue catalogue;
    private final ChannelRegistry channels;
    private final ZoneId zone;

    ItemViews(WorkCalendars calendars, Catalogue catalogue, ChannelRegistry channels, HubConfig hub) {
        this.calendars = calendars;
        this.catalogue = catalogue;
        this.channels = channels;
        this.zone = hub.zoneId();
    }

    /** One item as a list row or the head of its page. */
    public record Row(Item item, String title, String state, String stateClass, String column, String updated, LocalDate due,
                      boolean overdue, List<String> channels) {
        public String id() {
            return item.id();
        }
    }

    /** A choice of a select or a group of boxes. */
    public record Choice(String value, String label) {
    }

    public record AttachmentRow(String name, String type, String size, String href) {
    }

    List<Row> rows(List<Item> items) {
        List<LocalDate> due = calendars.dueDates(items);
        LocalDate today = LocalDate.now(zone);
        List<Row> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            boolean open = it.state() == ItemState.DRAFT || it.state() == ItemState.IN_REVIEW || it.state() == ItemState.APPROVED;
            out.add(new Row(it, it.content().title(), ItemLabels.state(it.state()), ItemLabels.stateClass(it.state()),
                    catalogue.nameOf(it.content().category()), time(it.updatedAt()), due.get(i), open && due.get(i).isBefore(today),
                    it.content().channels().stream().map(ItemLabels::channel).toList()));
        }
        return out;
    }

    Row row(Item item) {
        return rows(List.of(item)).get(0);
    }

    String time(Instant at) {
        return at == null ? "" : MINUTES.format(at.atZone(zone));
    }

    List<Choice> columns() {
        return catalogue.columns().stream().map(c -> new Choice(c.code(), c.name())).toList();
    }

    List<Choice> states() {
        List<Choice> out = new ArrayList<>();
        for (ItemState s : ItemState.values()) {
            out.add(new Choice(s.name(), ItemLabels.state(s)));
        }
        return out;
    }

    /** The channels an item may name: those enabled in channel-config. */
    List<Choice> channels() {
        return channels.settings().values().stream().filter(ChannelSettings::enabled)
                .map(s -> new Choice(s.name(), ItemLabels.channel(s.name()))).toList();
    }

    List<AttachmentRow> attachments(Item item) {
        return item.content().attachments().stream().map((Attachment a) -> new AttachmentRow(a.name(), a.contentType(), size(a.size()),
                "/console/items/" + item.id() + "/attachments/" + cn.gongkai.hub.channel.render.Texts.pathSegment(a.name()))).toList();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " 字节";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
