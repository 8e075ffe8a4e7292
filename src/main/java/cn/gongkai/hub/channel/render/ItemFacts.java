package cn.gongkai.hub.channel.render;

import cn.gongkai.hub.channel.Publication;

import java.util.ArrayList;
import java.util.List;

/** The line of facts a reader checks an item by: 发布机构, 文号, 索引号 (only those the item has). */
public final class ItemFacts {
    private ItemFacts() {
    }

    public static List<String> of(Publication p) {
        List<String> facts = new ArrayList<>(3);
        if (!Texts.isBlank(p.content().issuer())) {
            facts.add("发布机构：" + p.content().issuer().strip());
        }
        if (!Texts.isBlank(p.content().docNumber())) {
            facts.add("文号：" + p.content().docNumber().strip());
        }
        if (!Texts.isBlank(p.indexNumber())) {
            facts.add("索引号：" + p.indexNumber().strip());
        }
        return facts;
    }
}
