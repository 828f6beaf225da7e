/* analyzer/frontend/c/c_clang.h - the libclang functions the C/C++ front end calls, loaded
 * with dlopen at the first parser a run makes (a run without C/C++ files never maps the
 * library: 57 MB of relocated pages). Every file of the front end includes this header (through
 * c_internal.h): each `clang_*` name below is a call through the loaded table. A libclang
 * function used without a line here is a link error (ssot does not link libclang). */
#ifndef SSOT_ANALYZER_FRONTEND_C_C_CLANG_H
#define SSOT_ANALYZER_FRONTEND_C_C_CLANG_H

#include <clang-c/CXCompilationDatabase.h>
#include <clang-c/Index.h>
#include <stdbool.h>
#include <stddef.h>

/* The functions used, one line each (sorted). */
#define C_CLANG_FUNCTIONS(X) \
    X(clang_CXXMethod_isConst) \
    X(clang_CXXMethod_isStatic) \
    X(clang_CompilationDatabase_dispose) \
    X(clang_CompilationDatabase_fromDirectory) \
    X(clang_CompilationDatabase_getAllCompileCommands) \
    X(clang_CompilationDatabase_getCompileCommands) \
    X(clang_CompileCommand_getArg) \
    X(clang_CompileCommand_getDirectory) \
    X(clang_CompileCommand_getFilename) \
    X(clang_CompileCommand_getNumArgs) \
    X(clang_CompileCommands_dispose) \
    X(clang_CompileCommands_getCommand) \
    X(clang_CompileCommands_getSize) \
    X(clang_Cursor_getStorageClass) \
    X(clang_Cursor_isAnonymous) \
    X(clang_Cursor_isMacroFunctionLike) \
    X(clang_Cursor_isNull) \
    X(clang_File_isEqual) \
    X(clang_Location_isFromMainFile) \
    X(clang_Location_isInSystemHeader) \
    X(clang_createIndex) \
    X(clang_defaultSaveOptions) \
    X(clang_disposeDiagnostic) \
    X(clang_disposeIndex) \
    X(clang_disposeSourceRangeList) \
    X(clang_disposeString) \
    X(clang_disposeTokens) \
    X(clang_disposeTranslationUnit) \
    X(clang_equalCursors) \
    X(clang_getArrayElementType) \
    X(clang_getCString) \
    X(clang_getCXXAccessSpecifier) \
    X(clang_getCanonicalCursor) \
    X(clang_getCanonicalType) \
    X(clang_getClangVersion) \
    X(clang_getCursorExtent) \
    X(clang_getCursorKind) \
    X(clang_getCursorLexicalParent) \
    X(clang_getCursorLocation) \
    X(clang_getCursorResultType) \
    X(clang_getCursorSemanticParent) \
    X(clang_getCursorSpelling) \
    X(clang_getCursorTLSKind) \
    X(clang_getCursorType) \
    X(clang_getDiagnostic) \
    X(clang_getDiagnosticLocation) \
    X(clang_getDiagnosticSeverity) \
    X(clang_getDiagnosticSpelling) \
    X(clang_getExpansionLocation) \
    X(clang_getFile) \
    X(clang_getFileContents) \
    X(clang_getFileName) \
    X(clang_getInclusions) \
    X(clang_getLocationForOffset) \
    X(clang_getNumDiagnostics) \
    X(clang_getPointeeType) \
    X(clang_getRange) \
    X(clang_getRangeEnd) \
    X(clang_getRangeStart) \
    X(clang_getSkippedRanges) \
    X(clang_getSpellingLocation) \
    X(clang_getTokenExtent) \
    X(clang_getTokenKind) \
    X(clang_getTokenSpelling) \
    X(clang_getTranslationUnitCursor) \
    X(clang_getTypeDeclaration) \
    X(clang_getTypeSpelling) \
    X(clang_isConstQualifiedType) \
    X(clang_isCursorDefinition) \
    X(clang_parseTranslationUnit2) \
    X(clang_saveTranslationUnit) \
    X(clang_tokenize) \
    X(clang_visitChildren)

typedef struct c_clang_api {
#define C_CLANG_FIELD(name) __typeof__(name) *name;
    C_CLANG_FUNCTIONS(C_CLANG_FIELD)
#undef C_CLANG_FIELD
} c_clang_api;

/* Load libclang once per process (thread-safe; later calls return the first answer):
 * `SSOT_LIBCLANG` when set (a library file or name), else the one the build found. Returns
 * false with a one-line reason naming the library in `err` when it cannot be loaded or lacks
 * a function. The library is never unloaded. */
bool c_clang_load(char *err, size_t err_size);

/* The loaded table; only after c_clang_load returned true. */
const c_clang_api *c_clang(void);

/* c_clang.c names the functions themselves */
#ifndef C_CLANG_LOADER
#define clang_CXXMethod_isConst (c_clang()->clang_CXXMethod_isConst)
#define clang_CXXMethod_isStatic (c_clang()->clang_CXXMethod_isStatic)
#define clang_CompilationDatabase_dispose (c_clang()->clang_CompilationDatabase_dispose)
#define clang_CompilationDatabase_fromDirectory (c_clang()->clang_CompilationDatabase_fromDirectory)
#define clang_CompilationDatabase_getAllCompileCommands (c_clang()->clang_CompilationDatabase_getAllCompileCommands)
#define clang_CompilationDatabase_getCompileCommands (c_clang()->clang_CompilationDatabase_getCompileCommands)
#define clang_CompileCommand_getArg (c_clang()->clang_CompileCommand_getArg)
#define clang_CompileCommand_getDirectory (c_clang()->clang_CompileCommand_getDirectory)
#define clang_CompileCommand_getFilename (c_clang()->clang_CompileCommand_getFilename)
#define clang_CompileCommand_getNumArgs (c_clang()->clang_CompileCommand_getNumArgs)
#define clang_CompileCommands_dispose (c_clang()->clang_CompileCommands_dispose)
#define clang_CompileCommands_getCommand (c_clang()->clang_CompileCommands_getCommand)
#define clang_CompileCommands_getSize (c_clang()->clang_CompileCommands_getSize)
#define clang_Cursor_getStorageClass (c_clang()->clang_Cursor_getStorageClass)
#define clang_Cursor_isAnonymous (c_clang()->clang_Cursor_isAnonymous)
#define clang_Cursor_isMacroFunctionLike (c_clang()->clang_Cursor_isMacroFunctionLike)
#define clang_Cursor_isNull (c_clang()->clang_Cursor_isNull)
#define clang_File_isEqual (c_clang()->clang_File_isEqual)
#define clang_Location_isFromMainFile (c_clang()->clang_Location_isFromMainFile)
#define clang_Location_isInSystemHeader (c_clang()->clang_Location_isInSystemHeader)
#define clang_createIndex (c_clang()->clang_createIndex)
#define clang_defaultSaveOptions (c_clang()->clang_defaultSaveOptions)
#define clang_disposeDiagnostic (c_clang()->clang_disposeDiagnostic)
#define clang_disposeIndex (c_clang()->clang_disposeIndex)
#define clang_disposeSourceRangeList (c_clang()->clang_disposeSourceRangeList)
#define clang_disposeString (c_clang()->clang_disposeString)
#define clang_disposeTokens (c_clang()->clang_disposeTokens)
#define clang_disposeTranslationUnit (c_clang()->clang_disposeTranslationUnit)
#define clang_equalCursors (c_clang()->clang_equalCursors)
#define clang_getArrayElementType (c_clang()->clang_getArrayElementType)
#define clang_getCString (c_clang()->clang_getCString)
#define clang_getCXXAccessSpecifier (c_clang()->clang_getCXXAccessSpecifier)
#define clang_getCanonicalCursor (c_clang()->clang_getCanonicalCursor)
#define clang_getCanonicalType (c_clang()->clang_getCanonicalType)
#define clang_getClangVersion (c_clang()->clang_getClangVersion)
#define clang_getCursorExtent (c_clang()->clang_getCursorExtent)
#define clang_getCursorKind (c_clang()->clang_getCursorKind)
#define clang_getCursorLexicalParent (c_clang()->clang_getCursorLexicalParent)
#define clang_getCursorLocation (c_clang()->clang_getCursorLocation)
#define clang_getCursorResultType (c_clang()->clang_getCursorResultType)
#define clang_getCursorSemanticParent (c_clang()->clang_getCursorSemanticParent)
#define clang_getCursorSpelling (c_clang()->clang_getCursorSpelling)
#define clang_getCursorTLSKind (c_clang()->clang_getCursorTLSKind)
#define clang_getCursorType (c_clang()->clang_getCursorType)
#define clang_getDiagnostic (c_clang()->clang_getDiagnostic)
#define clang_getDiagnosticLocation (c_clang()->clang_getDiagnosticLocation)
#define clang_getDiagnosticSeverity (c_clang()->clang_getDiagnosticSeverity)
#define clang_getDiagnosticSpelling (c_clang()->clang_getDiagnosticSpelling)
#define clang_getExpansionLocation (c_clang()->clang_getExpansionLocation)
#define clang_getFile (c_clang()->clang_getFile)
#define clang_getFileContents (c_clang()->clang_getFileContents)
#define clang_getFileName (c_clang()->clang_getFileName)
#define clang_getInclusions (c_clang()->clang_getInclusions)
#define clang_getLocationForOffset (c_clang()->clang_getLocationForOffset)
#define clang_getNumDiagnostics (c_clang()->clang_getNumDiagnostics)
#define clang_getPointeeType (c_clang()->clang_getPointeeType)
#define clang_getRange (c_clang()->clang_getRange)
#define clang_getRangeEnd (c_clang()->clang_getRangeEnd)
#define clang_getRangeStart (c_clang()->clang_getRangeStart)
#define clang_getSkippedRanges (c_clang()->clang_getSkippedRanges)
#define clang_getSpellingLocation (c_clang()->clang_getSpellingLocation)
#define clang_getTokenExtent (c_clang()->clang_getTokenExtent)
#define clang_getTokenKind (c_clang()->clang_getTokenKind)
#define clang_getTokenSpelling (c_clang()->clang_getTokenSpelling)
#define clang_getTranslationUnitCursor (c_clang()->clang_getTranslationUnitCursor)
#define clang_getTypeDeclaration (c_clang()->clang_getTypeDeclaration)
#define clang_getTypeSpelling (c_clang()->clang_getTypeSpelling)
#define clang_isConstQualifiedType (c_clang()->clang_isConstQualifiedType)
#define clang_isCursorDefinition (c_clang()->clang_isCursorDefinition)
#define clang_parseTranslationUnit2 (c_clang()->clang_parseTranslationUnit2)
#define clang_saveTranslationUnit (c_clang()->clang_saveTranslationUnit)
#define clang_tokenize (c_clang()->clang_tokenize)
#define clang_visitChildren (c_clang()->clang_visitChildren)
#endif

#endif /* SSOT_ANALYZER_FRONTEND_C_C_CLANG_H */
