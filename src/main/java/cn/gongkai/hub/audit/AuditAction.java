package cn.gongkai.hub.audit;

/** What an ADMIN or APPROVER did (and, for publication, whoever requested it), as kept in the audit log. */
public enum AuditAction {
    USER_CREATED,
    ROLES_CHANGED,
    DISPLAY_NAME_CHANGED,
    USER_PASSWORD_RESET,
    /** an entry added to the restricted-document register */
    REGISTER_ADDED,
    REGISTER_REMOVED,
    SENSITIVE_WORD_ADDED,
    SENSITIVE_WORD_REMOVED,
    /** 终审 approval of one version, bound to its content hash */
    FINAL_APPROVAL,
    /** a rejection at the final review */
    REJECTION,
    PUBLISH,
    SCHEDULE,
    WITHDRAW,
    /** a DEAD or FAILED delivery sent again */
    RETRY,
    /** an IN_DOUBT delivery sent again after a person checked it had not arrived */
    RESEND,
    /** an ADMIN entered a year's working-day calendar (holidays, make-up working days): every deadline of it moves */
    CALENDAR_CHANGED
}
