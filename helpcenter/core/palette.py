"""The colours of every chart, on the reports page (reports/charts.py) and in PDFs
(core/pdf.py), as RGB: here so that neither imports the other's library."""

COLORS = ((31, 111, 178), (224, 138, 0), (42, 157, 85), (178, 58, 72), (107, 79, 163))
