package cn.gongkai.hub.item;

public enum ItemState {
    DRAFT, IN_REVIEW, APPROVED, PUBLISHING, PUBLISHED, PARTIALLY_PUBLISHED, WITHDRAWN
}
