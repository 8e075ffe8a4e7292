package cn.gongkai.hub;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;

/** Takes the data dir's lock as the first thing a hub does, before Redis, and keeps it until the hub is closed. */
@Factory
class DataDirLockFactory {

    @Context
    @Bean(preDestroy = "close")
    DataDirLock dataDirLock(HubConfig hub) {
        return DataDirLock.acquire(hub.dataPath());
    }
}
