package cn.gongkai.hub;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The package rules of shared/STYLE.md. */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("cn.gongkai.hub");
    }

    /** The channel packages, from the channels' descriptors. */
    static final java.util.List<String> CHANNELS = cn.gongkai.hub.channel.ChannelDescriptors.all().stream()
            .map(d -> d.packageName().substring("cn.gongkai.hub.channel.".length())).toList();

    @Test
    void channels_never_import_each_other() {
        for (String ch : CHANNELS) {
            String[] others = CHANNELS.stream().filter(o -> !o.equals(ch)).map(o -> "cn.gongkai.hub.channel." + o + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("cn.gongkai.hub.channel." + ch + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .check(classes);
        }
    }

    @Test
    void review_and_item_never_import_a_channel_implementation() {
        noClasses().that().resideInAnyPackage("cn.gongkai.hub.review..", "cn.gongkai.hub.item..")
                .should().dependOnClassesThat().resideInAnyPackage("cn.gongkai.hub.channel.*..")
                .check(classes);
    }

    @Test
    void only_the_camel_package_knows_camel() {
        noClasses().that().resideOutsideOfPackage("cn.gongkai.hub.camel..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
                .check(classes);
    }

    @Test
    void controllers_hold_no_storage_code() {
        noClasses().that().resideInAPackage("cn.gongkai.hub.web..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lettuce.core.api.sync..", "io.lettuce.core.api.async..")
                .check(classes);
    }

    @Test
    void the_review_scan_does_no_io() {
        noClasses().that().resideInAPackage("cn.gongkai.hub.review.scan..")
                .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.net..", "io.lettuce..", "io.micronaut..")
                .check(classes);
    }

    /** The class a nested or Micronaut-generated one belongs to: x.RedisItemStore for x.$RedisItemStore$Definition. */
    static String owner(JavaClass c) {
        String simple = c.getName().substring(c.getPackageName().length() + 1).replaceFirst("^\\$", "");
        int nested = simple.indexOf('$');
        return c.getPackageName() + "." + (nested < 0 ? simple : simple.substring(0, nested));
    }

    @Test
    void lettuce_stays_in_redis_the_stream_component_and_the_redis_stores() {
        DescribedPredicate<JavaClass> redisStore = DescribedPredicate.describe("a Redis* store implementation",
                c -> owner(c).substring(c.getPackageName().length() + 1).startsWith("Redis"));
        noClasses().that().resideOutsideOfPackages("cn.gongkai.hub.redis..", "cn.gongkai.hub.camel.stream..")
                .and(DescribedPredicate.not(redisStore))
                .should().dependOnClassesThat().resideInAPackage("io.lettuce..")
                .check(classes);
    }

    @Test
    void accounts_know_lettuce_only_in_their_redis_stores() {
        noClasses().that().resideInAPackage("cn.gongkai.hub.account..")
                .and().haveNameNotMatching("cn\\.gongkai\\.hub\\.account\\.\\$?Redis.*") // with Micronaut's $RedisX$Definition
                .should().dependOnClassesThat().resideInAPackage("io.lettuce..")
                .check(classes);
    }

    @Test
    void the_audit_log_knows_lettuce_only_in_its_redis_store() {
        noClasses().that().resideInAPackage("cn.gongkai.hub.audit..")
                .and().haveNameNotMatching("cn\\.gongkai\\.hub\\.audit\\.\\$?Redis.*")
                .should().dependOnClassesThat().resideInAPackage("io.lettuce..")
                .check(classes);
    }

    @Test
    void only_ops_knows_micrometer_and_ops_reads_redis_only_through_ports() {
        noClasses().that().resideOutsideOfPackage("cn.gongkai.hub.ops..")
                .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
                .check(classes);
        noClasses().that().resideInAPackage("cn.gongkai.hub.ops..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lettuce..", "cn.gongkai.hub.redis..")
                .check(classes);
    }
}
