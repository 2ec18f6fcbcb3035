"""Harvesters: connect an agency's system once, and let the platform publish from it on schedule.

A harvester only discovers and fetches: it returns plain data and never writes state. The runner
(``publisher``) owns statuses, records, the store, the schedule, and publishing or withdrawing.

    base        the contract: Harvester, SourceConfig, HarvestState, Discovery, RemoteItem,
                Fetched | NotModified, check_config, next_state (read its docstring first)
    errors      InvalidConfig, SourceUnreachable, UnreadableResponse, UnsafeTarget, SkipItem, RegistryError
    http        the one HTTP client: allow-list, pinned addresses, retries, bounds, conditional GETs
    registry    the ``opendata.harvesters`` entry-point group, enabled by glob patterns
    ckan, dcat, datajson, sql, rest, files      one module per source type
    downloads, tables, spool                    what the source types share: fetching files by URL,
                                                writing a CSV, writing bytes hashed and bounded

A runner, in short::

    registry = Registry.load(["*"])
    harvester = registry.get(source.type)(HarvestContext(HttpClient(NetworkPolicy(allow)), work_dir))
    discovery = harvester.discover(config, state)          # Discovery(items, unchanged)
    outcome = harvester.fetch(config, item, state)         # Fetched | NotModified, or SkipItem / errors
"""
