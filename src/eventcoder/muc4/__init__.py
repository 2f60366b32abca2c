"""MUC-4 terrorism templates: our events as MUC-4 templates, a small trained model, the GTT scorer.

    templates.py  the template record, string normalisation, building templates from fillers
    scorer.py     template F1 as in GTT (Du, Rush, Cardie 2021): best one-to-one template mapping
    rules.py      the rules-only mapping (the default): pipeline events -> templates
    assemble.py   role fillers shared out over a document's templates
    features.py   candidate noun phrases and their features; document features
    linear.py     the hashed linear classifier the model is made of (numpy only)
    model.py      the trained model: role, relevance and incident-type classifiers; training
    neural.py     the optional fine-tuned MiniLM (torch extra), averaged with the trained model
    extract.py    templates for a stream of documents, by rules or by a model
    bench.py      `bench muc4`
"""
