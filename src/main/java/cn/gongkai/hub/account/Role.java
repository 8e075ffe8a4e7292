package cn.gongkai.hub.account;

/** What a person may do. A person may hold several roles. */
public enum Role {
    /** drafts and edits items, submits them for review, requests publication */
    EDITOR,
    /** first review (初审) */
    REVIEWER,
    /** final sign-off (终审), publication and withdrawal */
    APPROVER,
    /** users, review registers, configuration, operator actions on deliveries */
    ADMIN
}
