"""Parses open-data/catalog.jsonld as RDF and checks the shapes of a DCAT 3 catalogue:

- one dcat:Catalog, with a licence;
- one dcat:DatasetSeries per grading year, never also a dcat:Dataset, each with members (dcat:inSeries)
  and its dcat:last among them;
- every dcat:Dataset is not a series, belongs (if at all) to a node typed dcat:DatasetSeries other than
  itself, has a licence and distributions, each with a download URL, a media type, a SHA-256 checksum and
  a licence; a dcat:prev stays within the same series.

usage: validate_dcat.py catalog.jsonld YEARS   (exit 1 on any problem, each printed)
"""
import sys
import rdflib

path, years = sys.argv[1], int(sys.argv[2])
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
RDF = rdflib.RDF
g = rdflib.Graph()
g.parse(path, format="json-ld")
problems = []

catalogs = list(g.subjects(RDF.type, DCAT.Catalog))
if len(catalogs) != 1:
    problems.append(f"{len(catalogs)} dcat:Catalog nodes, expected 1")
for c in catalogs:
    if not list(g.objects(c, DCT.license)):
        problems.append(f"{c}: catalogue without dct:license")

series = set(g.subjects(RDF.type, DCAT.DatasetSeries))
datasets = set(g.subjects(RDF.type, DCAT.Dataset))
if len(series) != years:
    problems.append(f"{len(series)} dataset series, expected {years}")
for s in series & datasets:
    problems.append(f"{s}: typed both dcat:Dataset and dcat:DatasetSeries")
for s in series:
    members = set(g.subjects(DCAT.inSeries, s))
    if not members:
        problems.append(f"{s}: a series without datasets")
    for last in g.objects(s, DCAT.last):
        if last not in members:
            problems.append(f"{s}: dcat:last {last} is not a member")
for d in datasets:
    for s in g.objects(d, DCAT.inSeries):
        if s == d:
            problems.append(f"{d}: dcat:inSeries points at itself")
        elif s not in series:
            problems.append(f"{d}: dcat:inSeries {s}, which is not a dcat:DatasetSeries")
    for prev in g.objects(d, DCAT.prev):
        if set(g.objects(prev, DCAT.inSeries)) != set(g.objects(d, DCAT.inSeries)):
            problems.append(f"{d}: dcat:prev {prev} is in another series")
    if not list(g.objects(d, DCT.license)):
        problems.append(f"{d}: dataset without dct:license")
    distributions = list(g.objects(d, DCAT.distribution))
    if not distributions:
        problems.append(f"{d}: no distribution")
    for x in distributions:
        for what, predicate in [("download URL", DCAT.downloadURL), ("media type", DCAT.mediaType),
                                ("checksum", SPDX.checksum), ("licence", DCT.license)]:
            if not list(g.objects(x, predicate)):
                problems.append(f"{d}: a distribution without {what}")
print("\n".join(problems) or f"DCAT OK: {len(g)} triples, {len(series)} series, {len(datasets)} datasets")
sys.exit(1 if problems else 0)
