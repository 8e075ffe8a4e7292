package cn.gongkai.hub.web;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.account.User;
import cn.gongkai.hub.account.UserService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Users: ADMIN creates and lists them; anyone signed in can ask who they are. */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class UserController {
    private final UserService users;
    private final ObjectMapper json;

    UserController(UserService users, ObjectMapper json) {
        this.users = users;
        this.json = json;
    }

    @Post("/users")
    @Secured("ADMIN")
    HttpResponse<User> create(@Body String body) {
        JsonNode n = Json.object(json, body);
        List<String> roles = new ArrayList<>();
        JsonNode r = n.get("roles");
        if (r != null && r.isArray()) {
            r.forEach(x -> roles.add(x.asText()));
        } else if (r != null && !r.isNull()) {
            throw HubException.invalid("roles", "must be a list such as [\"EDITOR\"]");
        }
        User u = users.create(Json.text(n, "username"), Json.text(n, "displayName"), roles, Json.text(n, "password"));
        return HttpResponse.created(u);
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
