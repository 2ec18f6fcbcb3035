"""The Flask app: pages, the JSON API and sign-in. Thin views over ``publisher.services`` and ``publisher.queries``."""
