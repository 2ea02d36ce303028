"""mkdocs plugin of confspec: expands `#SCHEMA#` directives at build time (see `plugin`)."""
