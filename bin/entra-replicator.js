#!/usr/bin/env node
"use strict";
require("../dist/sync/cli/main.js").runAsProcess(process.argv);
