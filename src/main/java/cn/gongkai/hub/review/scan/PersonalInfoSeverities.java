package cn.gongkai.hub.review.scan;

/** Severity of each kind of personal information found by {@link PersonalInfoRule}; null means the default. */
public record PersonalInfoSeverities(Severity idCard, Severity mobile, Severity bankCard, Severity email) {

    public static final PersonalInfoSeverities DEFAULTS =
            new PersonalInfoSeverities(Severity.BLOCK, Severity.WARN, Severity.BLOCK, Severity.WARN);

    public PersonalInfoSeverities {
        idCard = idCard == null ? Severity.BLOCK : idCard;
        mobile = mobile == null ? Severity.WARN : mobile;
        bankCard = bankCard == null ? Severity.BLOCK : bankCard;
        email = email == null ? Severity.WARN : email;
    }
}
