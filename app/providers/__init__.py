"""Providers do the work a flavor configures: plan scenes, make images, clips, lipsync, stitch.

replicate.py calls the real service; preview.py makes honest offline previews; the
stitcher is local ffmpeg for both. Only app.services builds them.
"""
