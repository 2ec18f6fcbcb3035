"""Pure data work: normalise what agencies have, validate it, package it. No web, no database.

The stages are plain functions over files on disk, so the command line, jobs and tests call
them the same way:

    normalise.normalise(path, out_dir)  →  validate.validate_table(csv, schema)  →  package.build_package(...)
"""
