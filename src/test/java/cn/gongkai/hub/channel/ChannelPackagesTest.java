package cn.gongkai.hub.channel;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The package rules of the channel code. */
class ChannelPackagesTest {
    static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cn.gongkai.hub");

    @Test
    void should_keep_each_channel_package_free_of_the_others() {
        // the channels' packages, from their descriptors: a new channel is covered without a change here
        List<String> channels = ChannelDescriptors.all().stream().map(d -> d.packageName().substring("cn.gongkai.hub.channel.".length())).toList();
        org.assertj.core.api.Assertions.assertThat(channels).hasSizeGreaterThanOrEqualTo(6);
        for (ChannelDescriptor d : ChannelDescriptors.all()) {
            org.assertj.core.api.Assertions.assertThat(MAIN.contain(d.getClass().getName())).isTrue();
            org.assertj.core.api.Assertions.assertThat(d.getClass().getPackageName()).as("the package is the channel's name").isEqualTo(d.packageName());
        }
        for (String a : channels) {
            for (String b : channels) {
                if (!a.equals(b)) {
                    noClasses().that().resideInAPackage("cn.gongkai.hub.channel." + a + "..")
                            .should().dependOnClassesThat().resideInAPackage("cn.gongkai.hub.channel." + b + "..").check(MAIN);
                }
            }
        }
        noClasses().that().resideInAPackage("cn.gongkai.hub.channel.render..")
                .should().dependOnClassesThat().resideInAnyPackage(channels.stream().map(c -> "cn.gongkai.hub.channel." + c + "..").toArray(String[]::new))
                .check(MAIN);
    }

    @Test
    void should_keep_camel_out_of_the_channel_code() {
        noClasses().that().resideInAPackage("cn.gongkai.hub.channel..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel..").check(MAIN);
    }

    @Test
    void should_bind_channel_settings_from_typed_records_not_value_annotations() {
        noClasses().that().resideInAPackage("cn.gongkai.hub.channel..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.micronaut.context.annotation.Value").check(MAIN);
    }
}
