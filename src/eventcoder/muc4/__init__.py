"""MUC-4 terrorism templates: our events as MUC-4 templates, a trained role-filler model, the GTT scorer.

    templates.py  the template record, reading MUC-4 documents, writing template lines
    scorer.py     template F1 as in GTT (Du, Rush, Cardie 2021): best one-to-one template mapping
    rules.py      the rules-only mapping: pipeline events -> templates
    model.py      a small trained spaCy model (role-filler tagger + incident-type classifier)
"""
