"""One module per SOP step, named after its command."""
