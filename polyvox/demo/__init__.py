"""The demo: a whole dialogue (content under data/, loaded by `polyvox demo`) and the load-test
fixtures (`polyvox fixture`). It sits on top of every app, like the root URLs, and nothing in
the runtime imports it."""
