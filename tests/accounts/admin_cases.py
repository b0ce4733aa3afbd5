"""Admin screens of django-axes: login attempts, for administrators only."""

OBJECTS = {
    "axes.AccessAttempt": None,
    "axes.AccessFailureLog": None,
    "axes.AccessLog": None,
}
