// Gongkai Hub console: the little the pages do in the browser. Every page works without it; htmx (loaded before
// this file) refreshes the live parts, and sends the session's CSRF token with each of its requests.
document.addEventListener('htmx:configRequest', function (e) {
  var token = document.body.getAttribute('data-csrf');
  if (token) { e.detail.headers['X-CSRF-Token'] = token; }
});
