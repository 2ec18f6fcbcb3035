"""The CKAN-compatible read API: CKAN's action names, parameters, envelope and errors, over our catalogue.

    GET|POST /api/3/action/<action>   (and /api/action/<action>, which ckanapi uses)
    {"help": "…/help_show?name=<action>", "success": true, "result": …}
    {"help": …, "success": false, "error": {"__type": "Not Found Error", "message": "Not found"}}      404
    {"help": …, "success": false, "error": {"__type": "Validation Error", "<field>": ["<message>"]}}   409

``shapes`` turns our read models into CKAN's dictionaries; ``fq`` reads the Solr filter queries
that clients send; ``views`` holds the actions.
"""
