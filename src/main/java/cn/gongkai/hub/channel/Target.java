package cn.gongkai.hub.channel;

/**
 * One place a channel delivers to: the website, the WeChat account, a press contact, a QQ group,
 * an LED screen, one number of an SMS list.
 *
 * @param id      stable id within the channel (part of the delivery id)
 * @param address where it goes (e-mail address, group id, screen id, mobile number); may equal id
 * @param label   human name (编辑部, 市民服务群)
 */
public record Target(String id, String address, String label) {
}
