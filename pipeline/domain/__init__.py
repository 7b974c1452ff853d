"""Values and rules of the domain: periode, indikator and capaian, predikat, dates, errors,
formatting. No files.
"""
