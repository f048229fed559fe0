"""Follow-up: situation pictures, problems and causes, indicators, evaluations, citizen promises."""
