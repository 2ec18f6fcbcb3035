"""A published dataset described for the places developers look: DCAT-AP, schema.org and CKAN.

``records`` holds the plain description every target starts from (built by
``publisher.queries.catalog``); ``dcat``, ``schemaorg`` and ``ckan`` each turn it into one
vocabulary, without touching the database.
"""
