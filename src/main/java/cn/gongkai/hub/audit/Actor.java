package cn.gongkai.hub.audit;

/**
 * Who does an action and in which role: the signed-in user and the role the endpoint granted the action under
 * ({@code ADMIN}, {@code APPROVER}, {@code EDITOR}), or {@link #START_UP} for what the hub does when it starts
 * (the first admin, {@code --reset-admin-password}).
 */
public record Actor(String name, String role) {
    public static final Actor START_UP = new Actor("(start-up)", null);

    public static Actor of(String name, String role) {
        return new Actor(name, role);
    }
}
