#!/usr/bin/env bash
# PLACEHOLDER
exit 0
