package cn.gongkai.hub.camel;

import org.apache.camel.CamelContext;

/** Adds components or settings to the Camel context before routes load (camel/ package only). */
public interface CamelSetup {
    void configure(CamelContext camel) throws Exception;
}
