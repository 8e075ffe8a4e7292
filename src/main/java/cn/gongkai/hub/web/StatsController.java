package cn.gongkai.hub.web;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.stats.StatsService;
import cn.gongkai.hub.stats.StatsVerifier;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.io.IOException;
import java.time.Year;

/**
 * Publication counts ({@code GET /api/stats}, {@code .csv}, {@code .xlsx}) for any signed-in user, and the recount of
 * a year against the delivery records ({@code GET /api/stats/verify}).
 */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
class StatsController {
    private final StatsService stats;
    private final StatsVerifier verifier;

    StatsController(StatsService stats, StatsVerifier verifier) {
        this.stats = stats;
        this.verifier = verifier;
    }

    @Get("/stats")
    StatsService.Stats get(@Nullable @QueryValue String from, @Nullable @QueryValue String to, @Nullable @QueryValue String year,
                           @Nullable @QueryValue String groupBy) {
        return stats.stats(stats.range(from, to, year), StatsService.groupBy(groupBy));
    }

    @Get("/stats.csv")
    HttpResponse<byte[]> csv(@Nullable @QueryValue String from, @Nullable @QueryValue String to, @Nullable @QueryValue String year,
                             @Nullable @QueryValue String groupBy) {
        return StatsFiles.csv(get(from, to, year, groupBy));
    }

    @Get("/stats.xlsx")
    HttpResponse<byte[]> xlsx(@Nullable @QueryValue String from, @Nullable @QueryValue String to, @Nullable @QueryValue String year,
                              @Nullable @QueryValue String groupBy) throws IOException {
        return StatsFiles.xlsx(get(from, to, year, groupBy));
    }

    @Get("/stats/verify")
    @Secured({"EDITOR", "APPROVER", "ADMIN"})
    StatsVerifier.Verification verify(@Nullable @QueryValue String year) {
        int y;
        try {
            y = year == null || year.isBlank() ? Year.now().getValue() : Integer.parseInt(year.strip());
        } catch (NumberFormatException e) {
            throw HubException.invalid("year", "must be a year between 2000 and 2100");
        }
        if (y < 2000 || y > 2100) {
            throw HubException.invalid("year", "must be a year between 2000 and 2100");
        }
        return verifier.verify(y);
    }
}
