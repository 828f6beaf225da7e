/* analyzer/frontend/c/cfamily.h - the C and C++ front ends (libclang): test files of gtest/gmock,
 * cmocka, Unity, Check, Catch2 and doctest become tests and assertions. */
#ifndef SSOT_ANALYZER_FRONTEND_C_CFAMILY_H
#define SSOT_ANALYZER_FRONTEND_C_CFAMILY_H

#include "analyzer/frontend/frontend.h"

extern const ssot_frontend ssot_frontend_c;
extern const ssot_frontend ssot_frontend_cpp;

#endif /* SSOT_ANALYZER_FRONTEND_C_CFAMILY_H */
