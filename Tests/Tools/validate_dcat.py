"""Parses open-data/catalog.jsonld as RDF and checks it is a DCAT catalogue with one dataset series per
grading year, each dataset with distributions carrying a SHA-256 checksum. Exit 1 on any problem."""
import sys
import rdflib

path, years = sys.argv[1], int(sys.argv[2])
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
g = rdflib.Graph()
g.parse(path, format="json-ld")
problems = []
if len(list(g.subjects(rdflib.RDF.type, DCAT.Catalog))) != 1:
    problems.append("not exactly one dcat:Catalog")
series = list(g.subjects(rdflib.RDF.type, DCAT.DatasetSeries))
if len(series) != years:
    problems.append(f"{len(series)} dataset series, expected {years}")
for dataset in g.subjects(rdflib.RDF.type, DCAT.Dataset):
    distributions = list(g.objects(dataset, DCAT.distribution))
    if not distributions:
        problems.append(f"{dataset}: no distribution")
    for d in distributions:
        if not list(g.objects(d, SPDX.checksum)) or not list(g.objects(d, DCAT.downloadURL)):
            problems.append(f"{dataset}: a distribution without checksum or download URL")
for s in series:
    if not list(g.subjects(DCAT.inSeries, s)):
        problems.append(f"{s}: a series without datasets")
print("\n".join(problems) or f"DCAT OK: {len(g)} triples, {len(series)} series")
sys.exit(1 if problems else 0)
