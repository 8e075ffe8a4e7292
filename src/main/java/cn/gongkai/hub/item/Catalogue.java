package cn.gongkai.hub.item;

import cn.gongkai.hub.channel.ConfigException;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The columns of the disclosure catalogue (政府信息公开目录), from {@code hub.catalogue} in application.yml. */
@Singleton
public class Catalogue {
    public record Column(String code, String name) {
    }

    private final List<Column> columns;

    public Catalogue(Environment env) {
        List<?> raw = env.getProperty("hub.catalogue", List.class).orElse(List.of());
        List<Column> cols = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Object o : raw) {
            if (!(o instanceof Map<?, ?> m) || m.get("code") == null || m.get("name") == null) {
                throw new ConfigException("application.yml: hub.catalogue: each column needs a code and a name, got " + o);
            }
            Column c = new Column(String.valueOf(m.get("code")).strip(), String.valueOf(m.get("name")).strip());
            if (!seen.add(c.code()) || !seen.add("name:" + c.name())) {
                throw new ConfigException("application.yml: hub.catalogue: duplicate column " + c.code() + " " + c.name());
            }
            cols.add(c);
        }
        if (cols.isEmpty()) {
            throw new ConfigException("application.yml: hub.catalogue: at least one column is required");
        }
        this.columns = List.copyOf(cols);
    }

    public List<Column> columns() {
        return columns;
    }

    /** Finds a column by code or by name. */
    public Optional<Column> find(String codeOrName) {
        if (codeOrName == null) {
            return Optional.empty();
        }
        String s = codeOrName.strip();
        return columns.stream().filter(c -> c.code().equals(s) || c.name().equals(s)).findFirst();
    }

    public String nameOf(String code) {
        return find(code).map(Column::name).orElse(code);
    }
}
