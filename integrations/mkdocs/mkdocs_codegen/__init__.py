"""mkdocs plugin of codegen: expands `#SCHEMA#` directives at build time (see `plugin`)."""
