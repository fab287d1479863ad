"""The target stages every input shares: presets, nintex security shaping, readiness rules."""
