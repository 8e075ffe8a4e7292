package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.ConfigException;
import cn.gongkai.hub.item.Catalogue;
import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MassTargetTest {

    static Catalogue catalogue() {
        Environment env = new DefaultEnvironment(() -> List.of("test"));
        env.addPropertySource(PropertySource.of("catalogue", Map.of("hub.catalogue", List.of(
                Map.of("code", "zcfg", "name", "政策法规"), Map.of("code", "ggfw", "name", "公共服务"), Map.of("code", "ywgz", "name", "业务工作")))));
        env.start();
        return new Catalogue(env);
    }

    @Test
    void should_map_columns_by_name_or_code_to_all_or_a_tag() {
        MassTarget.Plan plan = MassTarget.Plan.of(Map.of("政策法规", "all", "ggfw", "tag:101"), catalogue());

        assertThat(plan.forColumn("zcfg")).contains(new MassTarget(true, null));
        assertThat(plan.forColumn("ggfw")).contains(new MassTarget(false, 101L));
        assertThat(plan.forColumn("ywgz")).isEmpty();
        assertThat(plan.forColumn(null)).isEmpty();
    }

    @Test
    void should_refuse_a_column_the_catalogue_does_not_have_or_a_target_that_is_not_all_or_a_tag() {
        assertThatThrownBy(() -> MassTarget.Plan.of(Map.of("通知公告", "all"), catalogue())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("channel-config/wechat.yml: wechat.mass-send.通知公告").hasMessageContaining("catalogue");
        assertThatThrownBy(() -> MassTarget.Plan.of(Map.of("公共服务", "tag:abc"), catalogue())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("wechat.mass-send.公共服务").hasMessageContaining("all or tag:<tag id>");
        assertThatThrownBy(() -> MassTarget.Plan.of(Map.of("公共服务", "all", "ggfw", "tag:1"), catalogue())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("named twice");
    }

    @Test
    void should_use_the_delivery_id_as_clientmsgid_within_weChats_64_bytes() {
        String id = cn.gongkai.hub.delivery.DeliveryStore.deliveryId("wechat", "12", 1, "publish", "followers");
        assertThat(WxJavaTransport.clientMsgId(id)).isEqualTo(id).hasSizeLessThanOrEqualTo(64);
    }
}
