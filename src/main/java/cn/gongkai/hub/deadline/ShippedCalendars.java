package cn.gongkai.hub.deadline;

import cn.gongkai.hub.StartupException;
import jakarta.inject.Singleton;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The calendars that ship with the hub, {@code src/main/resources/calendar/<year>.yml}
 * ({@code {holidays: [dates], workdays: [dates]}}, taken from the State Council's yearly notice). All are read and
 * checked at start-up, so a wrong file stops the hub with its name and key instead of miscounting deadlines.
 */
@Singleton
public class ShippedCalendars {
    static final int FIRST_YEAR = 2000;
    static final int LAST_YEAR = 2100;

    private final Map<Integer, YearCalendar> years;

    public ShippedCalendars() {
        Map<Integer, YearCalendar> found = new TreeMap<>();
        for (int y = FIRST_YEAR; y <= LAST_YEAR; y++) {
            String name = "calendar/" + y + ".yml";
            try (InputStream in = ShippedCalendars.class.getClassLoader().getResourceAsStream(name)) {
                if (in != null) {
                    found.put(y, read(y, name, new InputStreamReader(in, StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new StartupException(name + ": cannot be read: " + e.getMessage());
            }
        }
        this.years = Map.copyOf(found);
    }

    public Optional<YearCalendar> year(int year) {
        return Optional.ofNullable(years.get(year));
    }

    /** The years shipped, for the API to say which it can fall back to. */
    public List<Integer> years() {
        return years.keySet().stream().sorted().toList();
    }

    static YearCalendar read(int year, String name, Reader r) {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (YAMLException e) {
            throw new StartupException(name + ": not YAML: " + e.getMessage());
        }
        if (!(doc instanceof Map<?, ?> m)) {
            throw new StartupException(name + ": must be a map {holidays: [dates], workdays: [dates]}");
        }
        for (Object k : m.keySet()) {
            if (!"holidays".equals(k) && !"workdays".equals(k)) {
                throw new StartupException(name + ": unknown key '" + k + "'; the keys are holidays and workdays");
            }
        }
        YearCalendar.Checked c = YearCalendar.check(year, dates(name, "holidays", m.get("holidays")), dates(name, "workdays", m.get("workdays")));
        if (!c.errors().isEmpty()) {
            throw new StartupException(name + ": " + c.errors().stream().map(e -> e.field() + " " + e.problem()).collect(Collectors.joining("; ")));
        }
        return c.calendar();
    }

    /** YAML reads an unquoted 2026-10-01 as a timestamp (midnight UTC): back to the date it was written as. */
    private static List<String> dates(String name, String key, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw new StartupException(name + ": " + key + " must be a list of dates");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            out.add(o instanceof Date d ? d.toInstant().atOffset(ZoneOffset.UTC).toLocalDate().toString() : String.valueOf(o));
        }
        return out;
    }
}
