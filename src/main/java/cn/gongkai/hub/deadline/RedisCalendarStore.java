package cn.gongkai.hub.deadline;

import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Calendars in Redis: one JSON string per year ({@link RedisKeys#calendar(int)}), written whole, so one key, one slot. */
@Singleton
class RedisCalendarStore implements CalendarStore {
    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;
    private final ObjectMapper json;

    RedisCalendarStore(RedisAccess redis, RedisKeys keys, ObjectMapper json) {
        this.redis = redis.sync();
        this.keys = keys;
        this.json = json;
    }

    /** The stored form. */
    record Stored(List<LocalDate> holidays, List<LocalDate> workdays, String by, Instant at) {
    }

    @Override
    public Optional<Entered> find(int year) {
        String s = redis.get(keys.calendar(year));
        if (s == null) {
            return Optional.empty();
        }
        try {
            Stored st = json.readValue(s, Stored.class);
            return Optional.of(new Entered(new YearCalendar(year, new TreeSet<>(st.holidays()), new TreeSet<>(st.workdays())),
                    st.by(), st.at()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored calendar of " + year + " (" + keys.calendar(year) + ") is not readable", e);
        }
    }

    @Override
    public void save(Entered c) {
        try {
            redis.set(keys.calendar(c.calendar().year()), json.writeValueAsString(new Stored(List.copyOf(c.calendar().holidays()),
                    List.copyOf(c.calendar().workdays()), c.by(), c.at())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
