package cn.gongkai.hub.web;

import cn.gongkai.hub.account.User;
import cn.gongkai.hub.account.UserService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

import java.util.List;
import java.util.Map;

/** Users: ADMIN creates, changes and lists them; anyone signed in can ask who they are. */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class UserController {
    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    @Post("/users")
    @Secured("ADMIN")
    HttpResponse<User> create(@Nullable @Body byte[] body, Authentication auth) {
        Requests.NewUser req = Requests.NewUser.from(JsonBody.parse(body));
        return HttpResponse.created(users.create(req.username(), req.displayName(), req.roles(), req.password(), Actors.of(auth, "ADMIN")));
    }

    /** Display name and roles; never the password or the name, and users are never deleted (the review record names them). */
    @Put("/users/{username}")
    @Secured("ADMIN")
    User update(String username, @Nullable @Body byte[] body, Authentication auth) {
        Requests.UserUpdate req = Requests.UserUpdate.from(JsonBody.parse(body));
        return users.update(username, req.displayName(), req.roles(), Actors.of(auth, "ADMIN"));
    }

    @Get("/users")
    @Secured("ADMIN")
    List<User> list() {
        return users.list();
    }

    @Get("/me")
    @Secured("isAuthenticated()")
    Map<String, Object> me(Authentication auth) {
        return Map.of("username", auth.getName(), "roles", auth.getRoles());
    }
}
