"""The peer: DuckDB computing shares.csv's group-bys from the same answers CSV.

Run with the DuckDB venv's python (bench/.venvs/duckdb), so duckdb is not a project
dependency:  duckdb_tally.py ANSWERS.csv OUT.csv
It rolls sites up to regions, countries and the world, as the engine does, so both do
the same work: pooled shares at every level, the mean of country shares at the global
and region levels, every option of a question in every group.
"""

import sys

import duckdb

SQL = """
CREATE TEMP TABLE a AS
    SELECT participant, site, country, region, question, option
    FROM read_csv($answers, header = true, all_varchar = true);
CREATE TEMP TABLE sites AS
    SELECT site, any_value(country) AS country, any_value(region) AS region FROM a GROUP BY site;
CREATE TEMP TABLE site_counts AS SELECT site, question, option, count(*) AS c FROM a GROUP BY ALL;
CREATE TEMP TABLE site_n AS
    SELECT site, question, count(DISTINCT participant) AS n FROM a GROUP BY ALL;
CREATE TEMP TABLE opts AS SELECT DISTINCT question, option FROM site_counts;
CREATE TEMP TABLE membership AS
    SELECT 'global' AS level, 'all' AS grp, site FROM sites
    UNION ALL SELECT 'region', region, site FROM sites
    UNION ALL SELECT 'country', country, site FROM sites
    UNION ALL SELECT 'site', site, site FROM sites;
CREATE TEMP TABLE group_counts AS
    SELECT level, grp, question, option, sum(c) AS c
    FROM membership JOIN site_counts USING (site) GROUP BY ALL;
CREATE TEMP TABLE group_n AS
    SELECT level, grp, question, sum(n) AS n FROM membership JOIN site_n USING (site) GROUP BY ALL;
CREATE TEMP TABLE pooled AS
    SELECT g.level, g.grp AS "group", o.question, o.option, 'pooled' AS weighting,
           coalesce(c.c, 0) AS count, coalesce(n.n, 0) AS n,
           CASE WHEN coalesce(n.n, 0) > 0 THEN coalesce(c.c, 0) / n.n END AS share
    FROM (SELECT DISTINCT level, grp FROM membership) g CROSS JOIN opts o
    LEFT JOIN group_n n ON n.level = g.level AND n.grp = g.grp AND n.question = o.question
    LEFT JOIN group_counts c
        ON c.level = g.level AND c.grp = g.grp AND c.question = o.question AND c.option = o.option;
CREATE TEMP TABLE country_shares AS
    SELECT p."group" AS country, r.region, p.question, p.option, p.share
    FROM pooled p JOIN (SELECT DISTINCT country, region FROM sites) r ON r.country = p."group"
    WHERE p.level = 'country' AND p.n > 0;
COPY (
    SELECT * FROM pooled
    UNION ALL
    SELECT 'global', 'all', question, option, 'country_equal', NULL, NULL, avg(share)
    FROM country_shares GROUP BY question, option
    UNION ALL
    SELECT 'region', region, question, option, 'country_equal', NULL, NULL, avg(share)
    FROM country_shares GROUP BY region, question, option
) TO $out (HEADER);
"""


def main() -> None:
    answers, out = sys.argv[1], sys.argv[2]
    connection = duckdb.connect()
    for statement in SQL.split(";"):
        if statement.strip():
            connection.execute(statement, _parameters(statement, answers, out))


def _parameters(statement: str, answers: str, out: str) -> dict[str, str]:
    names = {"answers": answers, "out": out}
    return {name: value for name, value in names.items() if f"${name}" in statement}


if __name__ == "__main__":
    main()
