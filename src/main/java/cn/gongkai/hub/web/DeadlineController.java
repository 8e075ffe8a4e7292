package cn.gongkai.hub.web;

import cn.gongkai.hub.deadline.DeadlineService;
import cn.gongkai.hub.deadline.WorkCalendars;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.time.LocalDate;

/**
 * Disclosure deadlines (条例第二十六条) and the working-day calendar they count by: anyone signed in reads them, an ADMIN
 * enters a year's calendar once the State Council's notice is out.
 */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
class DeadlineController {
    private final DeadlineService deadlines;
    private final WorkCalendars calendars;

    DeadlineController(DeadlineService deadlines, WorkCalendars calendars) {
        this.deadlines = deadlines;
        this.calendars = calendars;
    }

    /** {@code year}: the items formed (or changed) in that year; default this year in the hub's zone. */
    @Get("/deadlines")
    DeadlineService.Report deadlines(@Nullable @QueryValue String year) {
        int y = year == null || year.isBlank() ? LocalDate.now(calendars.zone()).getYear() : WorkCalendars.parseYear(year);
        return deadlines.report(y);
    }

    @Get("/calendar/{year}")
    WorkCalendars.View calendar(String year) {
        return calendars.view(WorkCalendars.parseYear(year));
    }

    @Put("/calendar/{year}")
    @Secured("ADMIN")
    WorkCalendars.View enter(String year, @Nullable @Body byte[] body, Authentication auth) {
        int y = WorkCalendars.parseYear(year);
        Requests.CalendarYear c = Requests.CalendarYear.from(JsonBody.parse(body));
        return calendars.save(y, c.holidays(), c.workdays(), Actors.of(auth, "ADMIN"));
    }
}
